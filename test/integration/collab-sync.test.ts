// The sync server with real y-websocket clients over a real database: who may connect, what
// flows between clients, what a read-only client may do, and how sockets are refused or closed.
import * as Y from "yjs";
import { WebSocket } from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { SESSION_COOKIE } from "../../server/http/cookies.ts";
import { useTestDatabase } from "../helpers/database.ts";
import {
  addParagraph,
  connectClient,
  createDocument,
  createMember,
  fragmentText,
  startCollab,
  upgradeStatus,
  waitFor,
  type CollabHarness,
  type TestClient,
} from "./collab-harness.ts";

const db = useTestDatabase();
let harness: CollabHarness;
let editor: Awaited<ReturnType<typeof createMember>>;
let editor2: Awaited<ReturnType<typeof createMember>>;
let staffViewer: Awaited<ReturnType<typeof createMember>>;
let outsider: Awaited<ReturnType<typeof createMember>>;
const clients: TestClient[] = [];

const MAX_MESSAGE_BYTES = 64 * 1024;

function client(documentId: string, auth: Parameters<typeof connectClient>[2], options?: Parameters<typeof connectClient>[3]) {
  const c = connectClient(harness.wsUrl, documentId, auth, options);
  clients.push(c);
  return c;
}

const synced = (c: TestClient) => waitFor(() => c.provider.synced, { what: "the client to sync" });
const updateCount = (documentId: string) => db().prisma.documentUpdate.count({ where: { documentId } });

beforeAll(async () => {
  harness = await startCollab(db(), { limits: { maxMessageBytes: MAX_MESSAGE_BYTES, maxConnectionsPerUser: 3 } });
  editor = await createMember(db(), harness.services, "EDITOR");
  editor2 = await createMember(db(), harness.services, "EDITOR");
  staffViewer = await createMember(db(), harness.services, "VIEWER");
  outsider = await createMember(db(), harness.services, "CLIENT", "Other Client Ltd");
});

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
  await harness?.close();
});

describe("collab sync", () => {
  test("two clients sync text both ways, and each update is stored", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const a = client(doc.id, { token: editor.token });
    const b = client(doc.id, { token: editor2.token });
    await Promise.all([synced(a), synced(b)]);

    addParagraph(a.doc, "From A");
    await waitFor(() => fragmentText(b.doc) === "From A", { what: "B to see A's paragraph" });
    addParagraph(b.doc, "From B");
    await waitFor(() => fragmentText(a.doc) === "From A\nFrom B", { what: "A to see B's paragraph" });

    expect(await updateCount(doc.id)).toBeGreaterThanOrEqual(2);
    const stored = await harness.services.documentState.load(doc.id);
    expect(fragmentText(stored)).toBe("From A\nFrom B");
  });

  test("a late joiner receives the stored content", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const a = client(doc.id, { token: editor.token });
    await synced(a);
    addParagraph(a.doc, "Already here");
    await waitFor(async () => (await updateCount(doc.id)) >= 1, { what: "the update to be stored" });
    const b = client(doc.id, { token: editor2.token });
    await waitFor(() => fragmentText(b.doc) === "Already here", { what: "B to receive the content" });
  });

  test("a viewer is read-only: their update is dropped and not stored, awareness still flows both ways", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const e = client(doc.id, { token: editor.token });
    const v = client(doc.id, { token: staffViewer.token });
    await Promise.all([synced(e), synced(v)]);
    addParagraph(e.doc, "Editor text");
    await waitFor(() => fragmentText(v.doc) === "Editor text", { what: "the viewer to see the editor's text" });
    const storedBefore = await updateCount(doc.id);
    const droppedBefore = harness.collab.stats().droppedReadOnlyUpdates;

    addParagraph(v.doc, "Viewer text");
    await waitFor(() => harness.collab.stats().droppedReadOnlyUpdates > droppedBefore, { what: "the drop to be counted" });
    // The client is told once, through y-protocols' permission-denied message.
    await waitFor(() => warn.mock.calls.some((args) => String(args[0]).includes("read-only")), { what: "permission denied" });

    // Awareness: the viewer's presence reaches the editor, with the server's identity, not the claimed one.
    v.provider.awareness.setLocalStateField("user", { id: "someone-else", name: "Mallory", color: "#ff0000", extra: "x" });
    const seen = await waitFor(() => e.provider.awareness.getStates().get(v.doc.clientID), { what: "the viewer's awareness" });
    expect(seen).toEqual({ user: { id: staffViewer.user.id, name: staffViewer.user.name, color: "#ff0000" } });
    const end = { type: null, tname: "default", item: null, assoc: 0 };
    e.provider.awareness.setLocalStateField("cursor", { anchor: end, head: end });
    await waitFor(() => v.provider.awareness.getStates().get(e.doc.clientID)?.cursor, { what: "the editor's cursor" });

    // A round trip through the editor proves the viewer's update had its turn and went nowhere.
    addParagraph(e.doc, "Second");
    await waitFor(() => fragmentText(v.doc).includes("Second"), { what: "the viewer to see the second paragraph" });
    expect(fragmentText(e.doc)).toBe("Editor text\nSecond");
    expect(await updateCount(doc.id)).toBe(storedBefore + 1);
    expect(fragmentText(await harness.services.documentState.load(doc.id))).toBe("Editor text\nSecond");
    warn.mockRestore();
  });

  test("a malformed cursor is stripped before it is relayed; a valid one from a read-only viewer still flows", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const e = client(doc.id, { token: editor.token });
    const v = client(doc.id, { token: staffViewer.token });
    await Promise.all([synced(e), synced(v)]);
    addParagraph(e.doc, "Clause one");
    await waitFor(() => fragmentText(v.doc) === "Clause one", { what: "the viewer to have the text" });

    // What the probe sent: every editor that draws this cursor throws.
    v.provider.awareness.setLocalState({ user: { name: "Vic", color: "#30bced" }, cursor: { anchor: "garbage", head: 42 } });
    const stripped = await waitFor(() => e.provider.awareness.getStates().get(v.doc.clientID), { what: "the viewer's presence" });
    expect(stripped).toEqual({ user: { id: staffViewer.user.id, name: staffViewer.user.name, color: "#30bced" } });

    for (const cursor of [
      { anchor: { item: { client: "x", clock: 1 } }, head: { tname: "default" } },
      { anchor: { tname: "some-other-root" }, head: { tname: "default" } },
      { anchor: {}, head: {} },
      { anchor: { tname: "default" }, head: null },
      "cursor",
    ]) {
      v.provider.awareness.setLocalStateField("cursor", cursor);
      v.provider.awareness.setLocalStateField("user", { name: "Vic", color: "#30bced", probe: JSON.stringify(cursor) });
      // Each state is relayed (its clock moves on) without the cursor.
      await waitFor(() => e.provider.awareness.meta.get(v.doc.clientID)?.clock === v.provider.awareness.meta.get(v.doc.clientID)?.clock, {
        what: "the editor to receive the viewer's latest state",
      });
      expect(e.provider.awareness.getStates().get(v.doc.clientID)).not.toHaveProperty("cursor");
    }

    // A cursor as y-tiptap writes it, resolved in the editor's own document.
    const fragment = v.doc.getXmlFragment("default");
    const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(fragment.get(0) as Y.XmlElement, 0));
    const end = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(fragment, fragment.length, -1));
    v.provider.awareness.setLocalStateField("cursor", { anchor: at, head: end });
    const relayed = await waitFor(() => e.provider.awareness.getStates().get(v.doc.clientID)?.cursor as { anchor: unknown; head: unknown } | undefined, {
      what: "the viewer's valid cursor",
    });
    expect(relayed).toEqual({ anchor: at, head: end });
    expect(Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(relayed.anchor), e.doc)).not.toBeNull();
    expect(Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(relayed.head), e.doc)?.index).toBe(1);
  });

  test("refuses before the handshake: no credentials 401, another client's organisation and unknown document 404", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id, status: "PUBLISHED" });
    const url = `${harness.wsUrl}/${doc.id}`;
    const noAuth = await upgradeStatus(url);
    expect(noAuth).toMatchObject({ status: 401, messages: 0 });
    expect(JSON.parse(noAuth.body)).toMatchObject({ error: { code: "unauthenticated" } });
    expect(await upgradeStatus(`${url}?token=pct_not-a-real-token`)).toMatchObject({ status: 401, messages: 0 });
    expect(await upgradeStatus(`${url}?token=${outsider.token}`)).toMatchObject({ status: 404, messages: 0 });
    expect(await upgradeStatus(`${harness.wsUrl}/nosuchdocument?token=${editor.token}`)).toMatchObject({ status: 404, messages: 0 });
    expect(await upgradeStatus(`${harness.wsUrl}/bad%2Fid?token=${editor.token}`)).toMatchObject({ status: 404 });
    expect(await upgradeStatus(`${url}?token=${editor.token}`)).toMatchObject({ status: "open" });
  });

  test("a client never opens a document's live draft: 404 while it has no publication, even shared and in review; 403 once published (ADR 012)", async () => {
    // Shared with the client, never published: what an editor sent straight to review, or a row marked published without one.
    const unapproved = await createDocument(db(), { organizationId: editor.organization.id, status: "IN_REVIEW", sharedWith: [outsider.organization.id] });
    expect(await upgradeStatus(`${harness.wsUrl}/${unapproved.id}?token=${outsider.token}`)).toMatchObject({ status: 404, messages: 0 });
    const doc = await createDocument(db(), { organizationId: editor.organization.id, status: "PUBLISHED", sharedWith: [outsider.organization.id] });
    const url = `${harness.wsUrl}/${doc.id}`;
    expect(await upgradeStatus(`${url}?token=${outsider.token}`)).toMatchObject({ status: 404, messages: 0 });
    const version = await db().prisma.documentVersion.create({
      data: { documentId: doc.id, number: 1, name: "Published", reason: "PUBLISH", ydocState: new Uint8Array(), contentJson: {}, contentText: "" },
    });
    await db().prisma.document.update({ where: { id: doc.id }, data: { publishedVersionId: version.id } });
    // Published: the client reads the publication over HTTP, never the draft the socket carries.
    expect(await upgradeStatus(`${url}?token=${outsider.token}`)).toMatchObject({ status: 403, messages: 0 });
    expect(await upgradeStatus(`${url}?token=${editor.token}`)).toMatchObject({ status: "open" });
  });

  test("a session cookie works from our own Origin and is refused from another", async () => {
    const { token: sessionToken } = await harness.services.auth.sessions.createSession(editor.user.id);
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const url = `${harness.wsUrl}/${doc.id}`;
    const cookie = `${SESSION_COOKIE}=${sessionToken}`;
    expect(await upgradeStatus(url, { Cookie: cookie }, harness.url)).toMatchObject({ status: "open" });
    expect(await upgradeStatus(url, { Cookie: cookie }, "http://evil.example")).toMatchObject({ status: 403, messages: 0 });
    expect(await upgradeStatus(url, { Cookie: cookie })).toMatchObject({ status: 403 });
    const c = client(doc.id, { cookie, origin: harness.url });
    await synced(c);
  });

  test("an oversize message closes the socket with 4413 and stores nothing", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const c = client(doc.id, { token: editor.token });
    await synced(c);
    addParagraph(c.doc, "x".repeat(MAX_MESSAGE_BYTES + 1000));
    await waitFor(() => c.closes.some((e) => e.code === 4413), { what: "close 4413" });
    expect(await updateCount(doc.id)).toBe(0);
  });

  test("an unknown message type closes the socket with 4400", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const socket = new WebSocket(`${harness.wsUrl}/${doc.id}?token=${editor.token}`);
    await new Promise((resolve) => socket.once("open", resolve));
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    socket.send(new Uint8Array([42, 0, 0]));
    expect(await closed).toBe(4400);
  });

  test("more sockets than a user may open close with 4429", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const open = [1, 2, 3].map(() => client(doc.id, { token: editor2.token }));
    await Promise.all(open.map(synced));
    const extra = client(doc.id, { token: editor2.token });
    await waitFor(() => extra.closes.some((e) => e.code === 4429), { what: "close 4429" });
  });

  test("revoke closes the sockets in scope with AuthorizationChanged and refuses an empty scope", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const other = await createDocument(db(), { organizationId: editor.organization.id });
    const a = client(doc.id, { token: editor.token });
    const b = client(doc.id, { token: staffViewer.token });
    const c = client(other.id, { token: editor.token });
    await Promise.all([a, b, c].map(synced));

    expect(() => harness.collab.revoke({})).toThrow(/empty scope/);
    expect(() => harness.collab.revoke({ userIds: [], documentIds: [] })).toThrow(/empty scope/);
    expect(harness.collab.revoke({ documentIds: [doc.id], userIds: [staffViewer.user.id] })).toBe(1);
    await waitFor(() => b.closes.some((e) => e.code === 4403 && e.reason === "AuthorizationChanged"), { what: "B closed" });
    expect(a.provider.wsconnected).toBe(true);

    expect(harness.collab.revoke({ documentIds: [doc.id] })).toBe(1);
    await waitFor(() => a.closes.some((e) => e.code === 4403), { what: "A closed" });
    expect(c.provider.wsconnected).toBe(true);
    expect(c.closes).toEqual([]);
  });

  test("signing out everywhere and a password reset close that person's open sockets and end their API tokens", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const leaver = await createMember(db(), harness.services, "EDITOR");
    const a = client(doc.id, { token: leaver.token });
    const b = client(doc.id, { token: editor.token });
    await Promise.all([a, b].map(synced));

    await harness.services.auth.logoutEverywhere(leaver.viewer);
    await waitFor(() => a.closes.some((e) => e.code === 4403 && e.reason === "AuthorizationChanged"), { what: "A closed" });
    expect(b.closes).toEqual([]);
    // The API token ended with the sessions: it opens nothing any more.
    expect(await upgradeStatus(`${harness.wsUrl}/${doc.id}?token=${leaver.token}`)).toMatchObject({ status: 401, messages: 0 });

    const { token: fresh } = await harness.services.auth.createApiToken(leaver.viewer, { name: "after sign-out" });
    const c = client(doc.id, { token: fresh });
    await synced(c);
    await harness.services.auth.upsertUser({ email: leaver.user.email, password: "a new long passphrase", role: "EDITOR" });
    await waitFor(() => c.closes.some((e) => e.code === 4403), { what: "C closed" });
    expect(b.closes).toEqual([]);
    expect(await upgradeStatus(`${harness.wsUrl}/${doc.id}?token=${fresh}`)).toMatchObject({ status: 401, messages: 0 });
  });

  test("a socket opened with an API token closes when the token expires, and the token opens nothing after", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const person = await createMember(db(), harness.services, "EDITOR");
    const [listed] = await harness.services.auth.listApiTokens(person.viewer);
    // Through the API a token lives at least a day; the row is moved to expire in a moment.
    await db().prisma.apiToken.update({ where: { id: listed!.id }, data: { expiresAt: new Date(Date.now() + 1500) } });
    const script = client(doc.id, { token: person.token });
    const other = client(doc.id, { token: editor.token });
    await Promise.all([script, other].map(synced));
    await waitFor(() => script.closes.some((e) => e.code === 4403), { what: "the expired token's socket to close" });
    expect(other.closes).toEqual([]);
    expect(await upgradeStatus(`${harness.wsUrl}/${doc.id}?token=${person.token}`)).toMatchObject({ status: 401, messages: 0 });
  });

  test("signing out of one session closes only that session's sockets; revoking an API token closes the token's", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const person = await createMember(db(), harness.services, "EDITOR");
    const cookieOf = async () => {
      const { token, session } = await harness.services.auth.sessions.createSession(person.user.id);
      return { cookie: `${SESSION_COOKIE}=${token}`, sessionId: session.id };
    };
    const [laptop, phone] = [await cookieOf(), await cookieOf()];
    const onLaptop = client(doc.id, { cookie: laptop.cookie, origin: harness.url });
    const onPhone = client(doc.id, { cookie: phone.cookie, origin: harness.url });
    const script = client(doc.id, { token: person.token });
    await Promise.all([onLaptop, onPhone, script].map(synced));

    await harness.services.auth.logout({ viewer: person.viewer, sessionId: laptop.sessionId });
    await waitFor(() => onLaptop.closes.some((e) => e.code === 4403), { what: "the signed-out session's socket to close" });
    expect(onPhone.closes).toEqual([]);
    expect(script.closes).toEqual([]);

    const [listed] = await harness.services.auth.listApiTokens(person.viewer);
    await harness.services.auth.revokeApiToken(person.viewer, listed!.id);
    await waitFor(() => script.closes.some((e) => e.code === 4403), { what: "the revoked token's socket to close" });
    expect(onPhone.closes).toEqual([]);
  });

  test("applyUpdate stores a server change and relays it to open sockets", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const a = client(doc.id, { token: editor.token });
    await synced(a);
    const source = new Y.Doc();
    Y.applyUpdate(source, Y.encodeStateAsUpdate(a.doc));
    addParagraph(source, "From the server");
    await harness.collab.applyUpdate(doc.id, Y.encodeStateAsUpdate(source, Y.encodeStateVector(a.doc)), { userId: editor.user.id });
    expect(await updateCount(doc.id)).toBe(1);
    await waitFor(() => fragmentText(a.doc) === "From the server", { what: "the relayed server change" });
  });
});
