// Comments (ADR 031) against the real sync server and API: anchors that follow the text while
// another y-websocket client types before them, threads "on deleted text", an anchor that names
// text the server has not stored yet, clients who never see an internal thread or another
// client's (in the API and on the socket), and mentions that reach the inbox and the mail outbox.
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { anchorOfRange, documentTextOf, findQuote } from "../../server/comments/anchors.ts";
import { MessageType } from "../../server/collab/protocol.ts";
import type { PresentedThread, VisibilityOption } from "../../server/comments/index.ts";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import { createUser } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, expectError, type Client } from "../helpers/http.ts";
import { closeAfterEach, connectClient, startCollab, upgradeStatus, waitFor, type CollabHarness, type TestClient } from "./collab-harness.ts";

const db = useTestDatabase();
const open = closeAfterEach();
let harness: CollabHarness;
type Person = { client: Client; id: string; email: string; token: string; organizationId: string };
let ada: Person; // EDITOR
let ben: Person; // EDITOR
let clientA: Person;
let clientB: Person;

async function person(role: "EDITOR" | "CLIENT", organizationName: string, name: string): Promise<Person> {
  const { user, email, password, organization } = await createUser(harness.services.auth, { role, organizationName, name });
  const client = createClient(harness.url);
  await client.login(email, password);
  const created = await client.post("/api/v1/tokens", { name: "comments test" });
  const { token } = (await created.json()) as { token: string };
  return { client, id: user.id, email, token, organizationId: organization!.id };
}

async function json<T>(response: Response, status = 200): Promise<T> {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

type List = { threads: PresentedThread[]; visibilityOptions: VisibilityOption[] };
const list = async (who: Person, documentId: string) => json<List>(await who.client.get(`/api/v1/documents/${documentId}/comments`));

/** A published playbook shared with both clients, in Ada's hands. */
async function sharedPlaybook(markdown: string) {
  const created = await ada.client.post("/api/v1/documents", {
    kind: "PLAYBOOK",
    title: "Indemnities playbook",
    status: "PUBLISHED",
    markdown,
    visibility: "SHARED",
    sharedWithOrganizationIds: [clientA.organizationId, clientB.organizationId],
  });
  return (await json<{ document: PresentedDocument }>(created, 201)).document.id;
}

/** A real y-websocket client that counts the server's "comments changed" signals. */
function socket(who: Person, documentId: string) {
  const c = connectClient(harness.wsUrl, documentId, { token: who.token });
  const signals = { count: 0 };
  c.provider.messageHandlers[MessageType.CommentsChanged] = () => {
    signals.count += 1;
  };
  open.push(c);
  return Object.assign(c, { signals });
}
const synced = (c: TestClient) => waitFor(() => c.provider.synced, { what: "the client to sync" });

/** The anchor of the first occurrence of `quote` in a client's own Y.Doc, as the editor computes it. */
function anchorIn(doc: Y.Doc, quote: string) {
  // A copy: relative positions name items, which are the same in the copy as in the client's document.
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const text = documentTextOf(copy);
  const range = findQuote(text, quote);
  if (!range) throw new Error(`"${quote}" is not in the document`);
  const anchor = anchorOfRange(text, range.from, range.to);
  copy.destroy();
  return { anchor, range };
}

/** The XmlText of the paragraph holding `words` in a client's document. */
function paragraphWith(doc: Y.Doc, words: string): Y.XmlText {
  for (const node of doc.getXmlFragment("default").toArray()) {
    if (node instanceof Y.XmlElement) {
      const text = node.toArray().find((t): t is Y.XmlText => t instanceof Y.XmlText && t.toString().includes(words));
      if (text) return text;
    }
  }
  throw new Error(`no paragraph with "${words}"`);
}

beforeAll(async () => {
  harness = await startCollab(db());
  ada = await person("EDITOR", "Provider LLP", "Ada Editor");
  ben = await person("EDITOR", "Provider LLP", "Ben Editor");
  clientA = await person("CLIENT", "Client A", "Alice Client");
  clientB = await person("CLIENT", "Client B", "Bob Client");
});
afterAll(() => harness?.close());

describe("anchors", () => {
  test("a comment's anchor follows its text while another client inserts before it, and says 'deleted' once the text goes", async () => {
    const id = await sharedPlaybook("# Indemnities\n\nThe supplier shall indemnify the customer against third-party claims.");
    const a = socket(ada, id);
    const b = socket(ben, id);
    await Promise.all([synced(a), synced(b)]);

    const { anchor, range } = anchorIn(a.doc, "indemnify the customer");
    const created = await json<{ thread: PresentedThread }>(
      await ada.client.post(`/api/v1/documents/${id}/comments`, { anchor, quote: "indemnify the customer", body: "Cap this at the fees paid." }),
      201,
    );
    expect(created.thread).toMatchObject({ state: "anchored", quote: "indemnify the customer", range, visibility: "INTERNAL" });

    // Ben types before the range: a new first paragraph, and words at the start of the commented one.
    b.doc.transact(() => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("Read with clause 12.")]);
      b.doc.getXmlFragment("default").insert(0, [paragraph]);
      paragraphWith(b.doc, "indemnify").insert(0, "Subject to clause 9, ");
    });
    const moved = await waitFor(
      async () => {
        const [thread] = (await list(ada, id)).threads;
        return thread && thread.range && thread.range.from > range.from ? thread : null;
      },
      { what: "the stored document to hold Ben's words" },
    );
    expect(moved).toMatchObject({ state: "anchored", quote: "indemnify the customer" });
    expect(moved.range!.to - moved.range!.from).toBe(range.to - range.from);
    // Ada's socket was told (no content), and so was Ben's, who reads internal threads too.
    await waitFor(() => a.signals.count >= 1 && b.signals.count >= 1, { what: "both sockets to hear of the comment" });

    // Ben deletes the commented words: the thread stays, "on deleted text", with what it quoted.
    const paragraph = paragraphWith(b.doc, "indemnify");
    const at = paragraph.toString().indexOf("indemnify the customer");
    paragraph.delete(at, "indemnify the customer".length);
    const gone = await waitFor(
      async () => {
        const [thread] = (await list(ada, id)).threads;
        return thread?.state === "deleted" ? thread : null;
      },
      { what: "the thread to be on deleted text" },
    );
    expect(gone).toMatchObject({ quote: "indemnify the customer", range: null, resolved: false });
    expect(gone.comments.map((c) => c.body)).toEqual(["Cap this at the fees paid."]);
  });

  test("an anchor on text the server has not stored yet is kept with the commenter's quote, and resolves once the text arrives", async () => {
    const id = await sharedPlaybook("Liability.");
    const a = socket(ada, id);
    await synced(a);
    // Ada's words exist in her Y.Doc only: the update has not been sent when she comments.
    const ahead = new Y.Doc();
    ahead.clientID = a.doc.clientID + 1;
    Y.applyUpdate(ahead, Y.encodeStateAsUpdate(a.doc));
    const before = Y.encodeStateVector(ahead);
    paragraphWith(ahead, "Liability").insert("Liability.".length, " Capped at twice the annual fees.");
    const unsent = Y.encodeStateAsUpdate(ahead, before);
    const { anchor } = anchorIn(ahead, "twice the annual fees");

    const created = await json<{ thread: PresentedThread }>(
      await ada.client.post(`/api/v1/documents/${id}/comments`, { anchor, quote: "twice the annual fees", body: "Market is 1x." }),
      201,
    );
    expect(created.thread).toMatchObject({ state: "pending", quote: "twice the annual fees", range: null });

    Y.applyUpdate(a.doc, unsent);
    const resolved = await waitFor(
      async () => {
        const [thread] = (await list(ada, id)).threads;
        return thread?.state === "anchored" ? thread : null;
      },
      { what: "the anchor to resolve once the words are stored" },
    );
    expect(resolved.quote).toBe("twice the annual fees");
  });

  test("an anchor that is not a relative position is refused with the field named", async () => {
    const id = await sharedPlaybook("Text.");
    const body = await expectError(
      await ada.client.post(`/api/v1/documents/${id}/comments`, { anchor: { start: "not base64!", end: "AAA=" }, quote: "Text", body: "x" }),
      400,
      "invalid_request",
    );
    expect(JSON.stringify(body.error.details)).toContain("anchor.start");
  });
});

describe("who sees which thread", () => {
  test("a client sees its own organisation's threads only: never an internal one, never another client's", async () => {
    const id = await sharedPlaybook("The supplier shall indemnify the customer.\n\nGoverning law: England.");
    const a = socket(ada, id);
    await synced(a);
    const internal = await json<{ thread: PresentedThread }>(
      await ada.client.post(`/api/v1/documents/${id}/comments`, { quote: "indemnify", body: "Internal: we never accept this." }),
      201,
    );
    expect(internal.thread.visibility).toBe("INTERNAL");
    const forA = await json<{ thread: PresentedThread }>(
      await ada.client.post(`/api/v1/documents/${id}/comments`, { quote: "Governing law", body: "Is English law fine for you?", visibility: "CLIENT", clientOrganizationId: clientA.organizationId }),
      201,
    );
    // Clients comment on the published text they read: the quote is found in the draft.
    const byB = await json<{ thread: PresentedThread }>(await clientB.client.post(`/api/v1/documents/${id}/comments`, { quote: "England", body: "We prefer New York law." }), 201);
    expect(byB.thread).toMatchObject({ visibility: "CLIENT", client: { id: clientB.organizationId }, state: "anchored", quote: "England" });

    const seenByA = await list(clientA, id);
    expect(seenByA.threads.map((t) => t.id)).toEqual([forA.thread.id]);
    expect(JSON.stringify(seenByA)).not.toContain("Internal: we never accept this.");
    expect(JSON.stringify(seenByA)).not.toContain("New York");
    expect(seenByA.visibilityOptions).toEqual([{ visibility: "CLIENT", clientOrganizationId: clientA.organizationId, label: "Visible to Client A" }]);
    expect((await list(clientB, id)).threads.map((t) => t.id)).toEqual([byB.thread.id]);
    expect((await list(ada, id)).threads.map((t) => t.id)).toEqual([internal.thread.id, forA.thread.id, byB.thread.id]);

    // Another's thread is as absent as a made-up one; a client cannot start an internal thread or one for another client.
    await expectError(await clientA.client.post(`/api/v1/documents/${id}/comments/${byB.thread.id}/comments`, { body: "Us too" }), 404, "comment_thread_not_found");
    await expectError(await clientA.client.post(`/api/v1/documents/${id}/comments/${internal.thread.id}/resolve`), 404, "comment_thread_not_found");
    await expectError(await clientA.client.post(`/api/v1/documents/${id}/comments`, { quote: "England", body: "x", visibility: "INTERNAL" }), 403, "forbidden");
    await expectError(
      await clientA.client.post(`/api/v1/documents/${id}/comments`, { quote: "England", body: "x", clientOrganizationId: clientB.organizationId }),
      403,
      "forbidden",
    );

    // The live signal: a client has no sync socket on a document at all (they read its published
    // version), so no signal can reach one; staff sockets hear of every change, without content.
    const refused = await upgradeStatus(`${harness.wsUrl}/${id}?token=${clientA.token}`);
    expect(refused).toMatchObject({ status: 403, messages: 0 });
    await waitFor(() => a.signals.count >= 3, { what: "Ada's socket to hear of the three threads" });
  });

  test("the socket's audience is derived from the policy: a client's would carry only its own organisation's threads", async () => {
    const { commentAudienceOf, audienceSees } = await import("../../server/comments/index.ts");
    const id = await sharedPlaybook("Text.");
    const access = (await harness.services.documents.getAccessMany([id])).get(id)!;
    const { viewerOf } = await import("../factories/users.ts");
    const audienceA = commentAudienceOf(await viewerOf(db().prisma, clientA.id), access);
    expect(audienceA).toEqual({ internal: false, clientIds: [clientA.organizationId] });
    expect(audienceSees(audienceA, { visibility: "INTERNAL", clientOrganizationId: null })).toBe(false);
    expect(audienceSees(audienceA, { visibility: "CLIENT", clientOrganizationId: clientB.organizationId })).toBe(false);
    const audienceAda = commentAudienceOf(await viewerOf(db().prisma, ada.id), access);
    expect(audienceAda.internal).toBe(true);
    expect(new Set(audienceAda.clientIds)).toEqual(new Set([clientA.organizationId, clientB.organizationId]));
  });
});

describe("mentions, replies and the thread's life", () => {
  test("a mention writes the person's notification and a mail in the outbox, once; a client cannot be mentioned", async () => {
    const id = await sharedPlaybook("Termination for convenience on 30 days' notice.");
    const created = await json<{ thread: PresentedThread }>(
      await ada.client.post(`/api/v1/documents/${id}/comments`, { quote: "30 days", body: "@Ben Editor is 30 days usual?", mentions: [ben.id] }),
      201,
    );
    const people = await json<{ people: { id: string; name: string }[] }>(await ada.client.get(`/api/v1/documents/${id}/comments/mentionable?q=ben`));
    expect(people.people).toEqual([{ id: ben.id, name: "Ben Editor" }]);

    const notifications = await db().prisma.notification.findMany({ where: { recipientId: ben.id, kind: "COMMENT_MENTION", documentId: id } });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ title: "Ada Editor mentioned you on “Indemnities playbook”", link: `/documents/${id}?panel=comments&thread=${created.thread.id}` });
    const mail = await db().prisma.emailOutbox.findMany({ where: { to: ben.email, subject: { contains: "mentioned you" } } });
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain("is 30 days usual?");
    expect(mail[0]!.text).toContain(`/documents/${id}?panel=comments`);
    const inbox = await json<{ notifications: { kind: string; title: string }[] }>(await ben.client.get("/api/v1/notifications"));
    expect(inbox.notifications.some((n) => n.kind === "COMMENT_MENTION" && n.title.includes("Ada Editor"))).toBe(true);

    // Editing the comment with the same mention notifies nobody again.
    const first = created.thread.comments[0]!;
    await json(await ada.client.patch(`/api/v1/documents/${id}/comments/${created.thread.id}/comments/${first.id}`, { body: "@Ben Editor is 30 days market?", mentions: [ben.id] }));
    expect(await db().prisma.notification.count({ where: { recipientId: ben.id, kind: "COMMENT_MENTION", documentId: id } })).toBe(1);

    await expectError(await ada.client.post(`/api/v1/documents/${id}/comments/${created.thread.id}/comments`, { body: "@Alice", mentions: [clientA.id] }), 400, "invalid_request");
  });

  test("reply, edit and delete one's own comment only; resolve and reopen", async () => {
    const id = await sharedPlaybook("Limitation of liability.");
    const { thread } = await json<{ thread: PresentedThread }>(await ada.client.post(`/api/v1/documents/${id}/comments`, { quote: "Limitation", body: "Too low." }), 201);
    const replied = await json<{ thread: PresentedThread }>(await ben.client.post(`/api/v1/documents/${id}/comments/${thread.id}/comments`, { body: "Agreed." }), 201);
    expect(replied.thread.comments.map((c) => [c.author.name, c.body])).toEqual([
      ["Ada Editor", "Too low."],
      ["Ben Editor", "Agreed."],
    ]);
    const bensReply = replied.thread.comments[1]!;
    await expectError(await ada.client.patch(`/api/v1/documents/${id}/comments/${thread.id}/comments/${bensReply.id}`, { body: "Changed" }), 403, "forbidden");
    await expectError(await ada.client.post(`/api/v1/documents/${id}/comments/${thread.id}/comments`, { body: "   " }), 400, "invalid_request");
    const edited = await json<{ thread: PresentedThread }>(await ben.client.patch(`/api/v1/documents/${id}/comments/${thread.id}/comments/${bensReply.id}`, { body: "Agreed, 2x fees." }));
    expect(edited.thread.comments[1]).toMatchObject({ body: "Agreed, 2x fees.", mine: true });
    expect(edited.thread.comments[1]!.editedAt).not.toBeNull();

    const resolved = await json<{ thread: PresentedThread }>(await ben.client.post(`/api/v1/documents/${id}/comments/${thread.id}/resolve`));
    expect(resolved.thread).toMatchObject({ resolved: true, resolvedBy: { id: ben.id, name: "Ben Editor" } });
    await expectError(await ben.client.post(`/api/v1/documents/${id}/comments/${thread.id}/resolve`), 409, "already_resolved");
    expect((await json<{ thread: PresentedThread }>(await ada.client.post(`/api/v1/documents/${id}/comments/${thread.id}/reopen`))).thread.resolved).toBe(false);

    expect(await json(await ben.client.delete(`/api/v1/documents/${id}/comments/${thread.id}/comments/${bensReply.id}`))).toEqual({ deleted: "comment" });
    expect(await json(await ada.client.delete(`/api/v1/documents/${id}/comments/${thread.id}/comments/${thread.comments[0]!.id}`))).toEqual({ deleted: "thread" });
    expect((await list(ada, id)).threads).toEqual([]);
    const audit = await db().prisma.auditEvent.findMany({ where: { targetType: "commentThread", targetId: thread.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["comment.thread.create", "comment.edit", "comment.thread.resolve", "comment.thread.reopen", "comment.delete", "comment.thread.delete"]);
  });

  test("the export helpers: threads with ProseMirror positions for the viewer, and a thread created from positions", async () => {
    const id = await sharedPlaybook("Confidentiality survives termination.");
    const viewer = (await import("../factories/users.ts")).viewerOf;
    const adaViewer = await viewer(db().prisma, ada.id);
    const made = await harness.services.comments.createThreadAtRange(adaViewer, id, {
      from: 1,
      to: 16,
      resolved: true,
      comments: [
        { body: "Five years?", authorName: "Word Author" },
        { body: "Yes." },
        { body: "Agreed.", authorName: "ben editor" },
      ],
    });
    expect(made).toMatchObject({ quote: "Confidentiality", state: "anchored", resolved: true });
    // A Word author who is a member (by name or email) is that member; anyone else is a name from the file.
    expect(made.comments.map((c) => [c.author, c.importedFromWord])).toEqual([
      [{ id: null, name: "Word Author" }, true],
      [{ id: ada.id, name: "Ada Editor" }, false],
      [{ id: ben.id, name: "Ben Editor" }, false],
    ]);
    const exported = await harness.services.comments.threadsForExport(adaViewer, id);
    expect(exported).toEqual([
      {
        from: 1,
        to: 16,
        quote: "Confidentiality",
        resolved: true,
        comments: [
          { authorName: "Word Author", createdAt: expect.any(String), body: "Five years?" },
          { authorName: "Ada Editor", createdAt: expect.any(String), body: "Yes." },
          { authorName: "Ben Editor", createdAt: expect.any(String), body: "Agreed." },
        ],
      },
    ]);
    expect(await harness.services.comments.threadsForExport(await viewer(db().prisma, clientA.id), id)).toEqual([]);
  });
});
