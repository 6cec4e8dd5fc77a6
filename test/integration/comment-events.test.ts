// The comment event stream (ADR 031) against the real server: readers without a sync socket
// (clients) hear "changed" when a thread they may read changes, and only then; someone who may
// not read the document gets no stream; caps, revocation and closing leave nothing behind.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PresentedThread } from "../../server/comments/index.ts";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import { COMMENT_STREAMS_MAX_PER_USER } from "../../server/config.ts";
import { createUser } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { readEventStream, type EventStreamState } from "../helpers/event-stream.ts";
import { createClient, expectError, type Client } from "../helpers/http.ts";
import { closeAfterEach, startCollab, waitFor, type CollabHarness } from "./collab-harness.ts";

const db = useTestDatabase();
const open = closeAfterEach();
let harness: CollabHarness;
type Person = { client: Client; id: string; token: string; tokenId: string; organizationId: string };
let ada: Person; // EDITOR
let clientA: Person;
let clientB: Person;
let clientC: Person; // a client the documents are not shared with

async function person(role: "EDITOR" | "CLIENT", organizationName: string, name: string): Promise<Person> {
  const { user, email, password, organization } = await createUser(harness.services.auth, { role, organizationName, name });
  const client = createClient(harness.url);
  await client.login(email, password);
  const { token, apiToken } = (await (await client.post("/api/v1/tokens", { name: "events test" })).json()) as { token: string; apiToken: { id: string } };
  return { client, id: user.id, token, tokenId: apiToken.id, organizationId: organization!.id };
}

async function json<T>(response: Response, status = 200): Promise<T> {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function document(fields: Record<string, unknown>) {
  const created = await ada.client.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Indemnities playbook", markdown: "Governing law: England.", ...fields });
  return (await json<{ document: PresentedDocument }>(created, 201)).document.id;
}
const sharedPlaybook = () => document({ status: "PUBLISHED", visibility: "SHARED", sharedWithOrganizationIds: [clientA.organizationId, clientB.organizationId] });

const comment = async (who: Person, documentId: string, input: Record<string, unknown>) =>
  (await json<{ thread: PresentedThread }>(await who.client.post(`/api/v1/documents/${documentId}/comments`, { quote: "England", body: "A note.", ...input }), 201)).thread;
const forClient = (who: Person) => ({ visibility: "CLIENT", clientOrganizationId: who.organizationId });

/**
 * A comment event stream as a browser opens it (a refused one has its error body and no events).
 * `bearer` opens it with the API token instead of the cookie.
 */
async function stream(who: Person, documentId: string, { bearer = false } = {}) {
  const abort = new AbortController();
  const response = await who.client.get(`/api/v1/documents/${documentId}/comment-events`, {
    signal: abort.signal,
    headers: { Accept: "text/event-stream", "Accept-Encoding": "br, gzip" },
    ...(bearer ? { bearer: who.token } : {}),
  });
  const handle = { response, close: async () => abort.abort() };
  open.push(handle);
  if (response.status !== 200) return Object.assign(handle, { state: { events: [], comments: 0, ended: true }, body: await response.text() });
  return Object.assign(handle, { state: readEventStream(response) as EventStreamState, body: "" });
}

/** Every stream closed before is forgotten (the server hears of a closed connection a moment later). */
const noStreamsLeft = () => waitFor(() => harness.services.commentStreams.stats().streams === 0, { what: "every stream to be forgotten" });

beforeAll(async () => {
  harness = await startCollab(db());
  ada = await person("EDITOR", "Provider LLP", "Ada Editor");
  clientA = await person("CLIENT", "Client A", "Alice Client");
  clientB = await person("CLIENT", "Client B", "Bob Client");
  clientC = await person("CLIENT", "Client C", "Cat Client");
});
afterAll(() => harness?.close());

describe("who hears of which change", () => {
  test("a client hears of its own organisation's threads, never an internal one or another client's; staff hear of every one", async () => {
    const id = await sharedPlaybook();
    const [a, b, staff] = [await stream(clientA, id), await stream(clientB, id), await stream(ada, id)];
    for (const s of [a, b, staff]) {
      expect(s.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
      // Not compressed: a coder would hold the events back until it had enough to compress.
      expect(s.response.headers.get("content-encoding")).toBeNull();
    }

    // An internal thread, then one for client A: A's stream is in order, so once A hears of its
    // own thread, an event for the internal one would already have arrived.
    await comment(ada, id, { body: "Internal: never accept this." });
    await comment(ada, id, { body: "Is English law fine for you?", ...forClient(clientA) });
    await waitFor(() => a.state.events.length >= 1, { what: "client A to hear of its thread" });
    expect(a.state.events).toEqual(["changed"]);

    // Client B's own comment: B hears of it, and of nothing before it (the internal thread, A's).
    await comment(clientB, id, { body: "We prefer New York law." });
    await waitFor(() => b.state.events.length >= 1, { what: "client B to hear of its thread" });
    expect(b.state.events).toEqual(["changed"]);

    // A change to A's thread after B's: A heard of it and not of B's.
    const [forA] = (await json<{ threads: PresentedThread[] }>(await clientA.client.get(`/api/v1/documents/${id}/comments`))).threads;
    await json(await clientA.client.post(`/api/v1/documents/${id}/comments/${forA!.id}/resolve`));
    await waitFor(() => a.state.events.length >= 2, { what: "client A to hear of the resolve" });
    expect(a.state.events).toEqual(["changed", "changed"]);
    expect(b.state.events).toEqual(["changed"]);

    // Staff, who read every thread, heard of all four changes.
    await waitFor(() => staff.state.events.length >= 4, { what: "staff to hear of every change" });
    expect(staff.state.events).toHaveLength(4);
  });

  test("someone who may not read the document gets a 404 and no stream; without credentials, a 401", async () => {
    const shared = await sharedPlaybook();
    const internalDraft = await document({ status: "DRAFT" });
    for (const [who, id] of [
      [clientC, shared],
      [clientA, internalDraft],
    ] as const) {
      const refused = await stream(who, id);
      expect(refused.response.status).toBe(404);
      expect(refused.response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(JSON.parse(refused.body)).toMatchObject({ error: { code: "document_not_found" } });
    }
    await expectError(await createClient(harness.url).get(`/api/v1/documents/${shared}/comment-events`), 401, "unauthenticated");
    await expectError(await ada.client.get(`/api/v1/documents/not-an-id!/comment-events`), 404);
    await noStreamsLeft();
  });
});

describe("streams are bounded and leave nothing behind", () => {
  test("a person's open streams are capped; a closed one frees its place and its listener", async () => {
    await noStreamsLeft();
    const id = await sharedPlaybook();
    const streams = [];
    for (let i = 0; i < COMMENT_STREAMS_MAX_PER_USER; i += 1) streams.push(await stream(clientA, id, { bearer: true }));
    expect(streams.map((s) => s.response.status)).toEqual(streams.map(() => 200));
    const refused = await stream(clientA, id, { bearer: true });
    expect(refused.response.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: "too_many_streams" } });
    expect(harness.services.commentStreams.stats()).toEqual({ streams: COMMENT_STREAMS_MAX_PER_USER, documents: 1 });

    // The browser leaves (a tab closed): its stream is forgotten and another fits.
    await streams.pop()!.close();
    await waitFor(() => harness.services.commentStreams.stats().streams === COMMENT_STREAMS_MAX_PER_USER - 1, { what: "the closed stream to be forgotten" });
    expect((await stream(clientA, id, { bearer: true })).response.status).toBe(200);

    for (const s of streams) await s.close();
    await waitFor(() => harness.services.commentStreams.stats().streams === 1, { what: "the closed streams to be forgotten" });
    // A change after they closed writes to none of them and fails nothing.
    await comment(ada, id, forClient(clientA));
    expect(streams.every((s) => s.state.events.length === 0)).toBe(true);
  });

  test("revoking the credentials ends their streams, and every listener is gone after", async () => {
    await noStreamsLeft();
    const id = await sharedPlaybook();
    const byToken = await stream(clientB, id, { bearer: true });
    const bySession = await stream(clientB, id);
    const bystander = await stream(clientA, id);

    // The API token is revoked: the stream it opened ends, the session's stays.
    expect((await clientB.client.delete(`/api/v1/tokens/${clientB.tokenId}`)).status).toBeLessThan(300);
    await waitFor(() => byToken.state.ended, { what: "the token's stream to end" });
    expect(bySession.state.ended).toBe(false);
    // Signing out ends the session's stream; another person's is untouched and still hears.
    expect((await clientB.client.post("/api/v1/auth/logout")).status).toBeLessThan(300);
    await waitFor(() => bySession.state.ended, { what: "the session's stream to end" });
    await comment(ada, id, forClient(clientA));
    await waitFor(() => bystander.state.events.length === 1, { what: "the bystander to hear" });
    expect(bystander.state.ended).toBe(false);

    await bystander.close();
    await noStreamsLeft();
    expect(harness.services.commentStreams.stats()).toEqual({ streams: 0, documents: 0 });
  });
});
