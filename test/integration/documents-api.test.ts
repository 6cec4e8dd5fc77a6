// The documents API over HTTP: the happy path once, then every way a request can be refused,
// each in the one JSON error shape.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type {
  PresentedDiff,
  PresentedDocument,
  PresentedDocumentSummary,
  PresentedToolkitItem,
  PresentedVersion,
} from "../../server/documents/presenter.ts";
import { createUser } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, type Client, type ErrorBody } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let editor: Client;
let admin: Client;
let adminId: string;
let viewer: Client;
let clientA: Client;
let clientB: Client;
let clientAOrg: string;

type DocumentBody = { document: PresentedDocument; items?: PresentedToolkitItem[] };
type ListBody = { documents: PresentedDocumentSummary[]; total: number; page: number; pageSize: number; pageCount: number };
type Issues = Array<{ path: string; message: string }>;
const body = async <T>(response: Response) => (await response.json()) as T;

async function expectError(response: Response, status: number, code: string) {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const error = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: error.error.code }).toEqual({ status, code });
  return error;
}

const put = (client: Client, path: string, json: unknown) => client.request(path, { method: "PUT", json });

async function signIn(role: "ADMIN" | "EDITOR" | "VIEWER" | "CLIENT", organizationName: string) {
  const { email, password, organization, user } = await createUser(server.services.auth, { role, organizationName });
  const client = createClient(server.url);
  await client.login(email, password);
  return { client, organization, user };
}

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  editor = (await signIn("EDITOR", "Provider LLP")).client;
  viewer = (await signIn("VIEWER", "Provider LLP")).client;
  const signedInAdmin = await signIn("ADMIN", "Provider LLP");
  admin = signedInAdmin.client;
  adminId = signedInAdmin.user.id;
  const a = await signIn("CLIENT", "Client A");
  clientA = a.client;
  clientAOrg = a.organization.id;
  clientB = (await signIn("CLIENT", "Client B")).client;
});
afterAll(() => server?.close());

describe("documents API", () => {
  test("create, read, change, version, diff, restore and delete", async () => {
    const created = await editor.post("/api/v1/documents", {
      kind: "PLAYBOOK",
      title: "Data protection playbook",
      tags: ["gdpr"],
      visibility: "SHARED",
      status: "PUBLISHED",
      sharedWithOrganizationIds: [clientAOrg],
      markdown: "# Transfers\n\nUse the standard contractual clauses.",
    });
    expect(created.status).toBe(201);
    const { document } = await body<DocumentBody>(created);
    expect(created.headers.get("location")).toBe(`/api/v1/documents/${document.id}`);
    expect(document).toMatchObject({
      kind: "PLAYBOOK",
      title: "Data protection playbook",
      status: "PUBLISHED",
      sharedWith: [{ id: clientAOrg, name: "Client A" }],
      content: { text: "Transfers\nUse the standard contractual clauses.", sections: [expect.objectContaining({ anchor: "transfers" })] },
      abilities: { update: true, delete: true, seeShares: true },
    });
    expect(document).not.toHaveProperty("ydocState");
    expect(document).not.toHaveProperty("organizationId");

    const asClient = await body<DocumentBody>(await clientA.get(`/api/v1/documents/${document.id}`));
    expect(asClient.document.sharedWith).toBeUndefined();
    expect(asClient.document.content.json).toMatchObject({ type: "doc" });

    const list = await body<ListBody>(await clientA.get("/api/v1/documents?tag=gdpr&pageSize=10"));
    expect(list).toMatchObject({ total: 1, page: 1, pageSize: 10, pageCount: 1 });
    expect(list.documents[0]).not.toHaveProperty("content");

    const renamed = await editor.patch(`/api/v1/documents/${document.id}`, { title: "Data protection" });
    expect((await body<DocumentBody>(renamed)).document.title).toBe("Data protection");

    const saved = await editor.post(`/api/v1/documents/${document.id}/versions`, { name: "Before review" });
    expect(saved.status).toBe(201);
    const { version } = await body<{ version: PresentedVersion }>(saved);
    const versions = await body<{ versions: PresentedVersion[] }>(await editor.get(`/api/v1/documents/${document.id}/versions`));
    expect(versions.versions.map((v) => [v.number, v.reason, v.name])).toEqual([
      [2, "MANUAL", "Before review"],
      [1, "PUBLISH", "Published (version 1)"],
    ]);
    const diff = await body<{ diff: PresentedDiff }>(await editor.get(`/api/v1/documents/${document.id}/diff?from=${version.id}&to=current`));
    expect(diff.diff).toMatchObject({ identical: true, from: { kind: "version", number: 2 }, to: { kind: "current" } });

    const restore = await editor.post(`/api/v1/documents/${document.id}/versions/${versions.versions[1]!.id}/restore`);
    expect(restore.status).toBe(200);
    expect((await body<{ savedBefore: PresentedVersion }>(restore)).savedBefore).toMatchObject({ number: 3, reason: "RESTORE" });

    const deleted = await editor.delete(`/api/v1/documents/${document.id}`);
    expect(deleted.status).toBe(204);
    await expectError(await editor.get(`/api/v1/documents/${document.id}`), 404, "document_not_found");
  });

  test("toolkit items are put as an ordered list and come back with the toolkit", async () => {
    const make = async (kind: string, title: string) =>
      (await body<DocumentBody>(await editor.post("/api/v1/documents", { kind, title }))).document.id;
    const toolkit = await make("TOOLKIT", "Onboarding toolkit");
    const a = await make("TEMPLATE", "Engagement letter");
    const b = await make("PRECEDENT", "Board minutes");
    const response = await put(editor, `/api/v1/documents/${toolkit}/items`, { documentIds: [b, a] });
    expect(response.status).toBe(200);
    expect((await body<{ items: PresentedToolkitItem[] }>(response)).items.map((i) => [i.position, i.document.title])).toEqual([
      [0, "Board minutes"],
      [1, "Engagement letter"],
    ]);
    const got = await body<DocumentBody>(await editor.get(`/api/v1/documents/${toolkit}`));
    expect(got.items?.map((i) => i.document.id)).toEqual([b, a]);
    const dup = await expectError(await put(editor, `/api/v1/documents/${toolkit}/items`, { documentIds: [a, a] }), 400, "invalid_request");
    expect(dup.error.details).toMatchObject({ issues: [{ path: "documentIds.1" }] });
    await expectError(await put(editor, `/api/v1/documents/${a}/items`, { documentIds: [b] }), 409, "not_a_toolkit");
    await expectError(await put(editor, `/api/v1/documents/${toolkit}/items`, { ids: [a] }), 400, "invalid_request");
  });
});

describe("links in stored content", () => {
  test("a javascript: or data: href sent as JSON or Markdown is dropped where content comes in; reads and the Markdown export never return it", async () => {
    const link = (href: string, text: string) => ({ type: "text", text, marks: [{ type: "link", attrs: { href } }] });
    const json = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [link("javascript:alert(document.cookie)", "Script"), link("data:text/html,<script>alert(1)</script>", "Data"), link("https://ok.example/terms", "Terms")],
        },
      ],
    };
    const fromJson = await editor.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Links as JSON", json });
    expect(fromJson.status).toBe(201);
    const fromMarkdown = await editor.post("/api/v1/documents", {
      kind: "PLAYBOOK",
      title: "Links as Markdown",
      markdown: "[Script](javascript:alert(1)) and [Terms](https://ok.example/terms) and [Clause](#clause-cap)",
    });
    expect(fromMarkdown.status).toBe(201);
    for (const created of [fromJson, fromMarkdown]) {
      const id = (await body<DocumentBody>(created)).document.id;
      const read = JSON.stringify(await (await editor.get(`/api/v1/documents/${id}`)).json());
      expect(read).toContain("https://ok.example/terms");
      expect(read).not.toMatch(/javascript:|data:text/);
      const markdown = await (await editor.get(`/api/v1/documents/${id}/export?format=md`)).text();
      expect(markdown).toContain("https://ok.example/terms");
      expect(markdown).not.toMatch(/javascript:|data:text/);
    }
  });
});

describe("documents API refusals", () => {
  let internal: string;
  let sharedWithB: string;

  beforeAll(async () => {
    internal = (await body<DocumentBody>(await editor.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Internal only" }))).document.id;
    const { organization } = await createUser(server.services.auth, { role: "CLIENT", organizationName: "Client B" });
    sharedWithB = (await body<DocumentBody>(
      await editor.post("/api/v1/documents", {
        kind: "PLAYBOOK",
        title: "For Client B",
        status: "PUBLISHED",
        visibility: "SHARED",
        sharedWithOrganizationIds: [organization.id],
      }),
    )).document.id;
  });

  test("bad list parameters are a 400 naming each one", async () => {
    const refused = await expectError(await editor.get("/api/v1/documents?kind=MEMO&page=-1&pageSize=abc&order=up"), 400, "invalid_request");
    expect((refused.error.details!.issues as Issues).map((i) => i.path).sort()).toEqual(["kind", "order", "page", "pageSize"]);
    await expectError(await editor.get("/api/v1/documents?tag=a&tag=b"), 400, "invalid_request");
    await expectError(await editor.get(`/api/v1/documents/${internal}/diff`), 400, "invalid_request");
    await expectError(await editor.get(`/api/v1/documents/${internal}/diff?from=current&context=lots`), 400, "invalid_request");
  });

  test("bad bodies are a 400 (fields), 415 (not JSON) or 400 malformed_json", async () => {
    const refused = await expectError(await editor.post("/api/v1/documents", { kind: "PLAYBOOK", title: "", owner: "me" }), 400, "invalid_request");
    expect((refused.error.details!.issues as Issues).map((i) => i.path).sort()).toEqual(["", "title"]);
    await expectError(await editor.patch(`/api/v1/documents/${internal}`, {}), 400, "invalid_request");
    await expectError(await editor.patch(`/api/v1/documents/${internal}`, { status: "GONE" }), 400, "invalid_request");
    await expectError(
      await editor.request("/api/v1/documents", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "title=x" }),
      415,
      "unsupported_media_type",
    );
    await expectError(
      await editor.request("/api/v1/documents", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{" }),
      400,
      "malformed_json",
    );
  });

  test("an unknown document or version is a 404", async () => {
    await expectError(await editor.get("/api/v1/documents/nope"), 404, "document_not_found");
    await expectError(await editor.patch("/api/v1/documents/nope", { title: "x" }), 404, "document_not_found");
    await expectError(await editor.delete("/api/v1/documents/nope"), 404, "document_not_found");
    await expectError(await editor.get("/api/v1/documents/nope/versions"), 404, "document_not_found");
    await expectError(await editor.post(`/api/v1/documents/${internal}/versions/nope/restore`), 404, "version_not_found");
    await expectError(await editor.get(`/api/v1/documents/${internal}/diff?from=nope`), 404, "version_not_found");
  });

  test("another organisation's document is a 404 to a client: its existence is not disclosed", async () => {
    await expectError(await clientA.get(`/api/v1/documents/${internal}`), 404, "document_not_found");
    await expectError(await clientA.get(`/api/v1/documents/${sharedWithB}`), 404, "document_not_found");
    await expectError(await clientA.patch(`/api/v1/documents/${sharedWithB}`, { title: "x" }), 404, "document_not_found");
    await expectError(await clientA.delete(`/api/v1/documents/${sharedWithB}`), 404, "document_not_found");
    const list = await body<ListBody>(await clientA.get("/api/v1/documents"));
    expect(list.documents.map((d) => d.id)).not.toContain(sharedWithB);
  });

  test("a client reads nothing of a document created shared and straight in review, never published (read, list, search)", async () => {
    const secret = "Zanzibarwording unapproved clause";
    const created = await editor.post("/api/v1/documents", {
      kind: "PLAYBOOK",
      title: "Straight to review",
      status: "IN_REVIEW",
      visibility: "SHARED",
      sharedWithOrganizationIds: [clientAOrg],
      markdown: `# Terms\n\n${secret}`,
    });
    expect(created.status).toBe(201);
    const id = (await body<DocumentBody>(created)).document.id;
    await server.services.search.indexer.idle();

    await expectError(await clientA.get(`/api/v1/documents/${id}`), 404, "document_not_found");
    expect((await editor.get(`/api/v1/documents/${id}`)).status).toBe(200);
    const list = await body<ListBody>(await clientA.get("/api/v1/documents?pageSize=100"));
    expect(list.documents.map((d) => d.id)).not.toContain(id);
    const found = await clientA.get("/api/v1/search?q=Zanzibarwording");
    expect(found.status).toBe(200);
    expect(JSON.stringify(await found.json())).not.toContain("Zanzibarwording");
    expect(JSON.stringify(await (await editor.get("/api/v1/search?q=Zanzibarwording")).json())).toContain("Zanzibarwording");
  });

  test("a document one may read but not change is a 403", async () => {
    expect((await clientB.get(`/api/v1/documents/${sharedWithB}`)).status).toBe(200);
    await expectError(await clientB.patch(`/api/v1/documents/${sharedWithB}`, { title: "x" }), 403, "forbidden");
    await expectError(await clientB.get(`/api/v1/documents/${sharedWithB}/versions`), 403, "forbidden");
    await expectError(await clientB.post("/api/v1/documents", { kind: "PLAYBOOK", title: "x" }), 403, "forbidden");
    await expectError(await viewer.post(`/api/v1/documents/${internal}/versions`, {}), 403, "forbidden");
    await expectError(await viewer.delete(`/api/v1/documents/${internal}`), 403, "forbidden");
  });

  test("only an admin lets viewers suggest (ADR 032): an editor's attempt is a 403 and changes nothing; the admin's is audited", async () => {
    const { document } = await body<DocumentBody>(await editor.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Open to suggestions", status: "PUBLISHED" }));
    const readsAs = async (client: Client) => (await body<DocumentBody>(await client.get(`/api/v1/documents/${document.id}`))).document;
    expect(await readsAs(viewer)).toMatchObject({ viewersMaySuggest: false, abilities: { readDraft: false, suggest: false } });

    await expectError(await editor.patch(`/api/v1/documents/${document.id}`, { viewersMaySuggest: true }), 403, "forbidden");
    await expectError(await viewer.patch(`/api/v1/documents/${document.id}`, { viewersMaySuggest: true }), 403, "forbidden");
    await expectError(await admin.patch(`/api/v1/documents/${document.id}`, { viewersMaySuggest: "yes" }), 400, "invalid_request");
    expect(await readsAs(viewer)).toMatchObject({ viewersMaySuggest: false, abilities: { suggest: false } });

    const allowed = await admin.patch(`/api/v1/documents/${document.id}`, { viewersMaySuggest: true });
    expect(allowed.status).toBe(200);
    expect((await body<DocumentBody>(allowed)).document.viewersMaySuggest).toBe(true);
    // The viewer now suggests on the draft, so they read it; they still do not edit it.
    expect(await readsAs(viewer)).toMatchObject({ viewersMaySuggest: true, abilities: { update: false, readDraft: true, suggest: true } });
    expect(await db().prisma.auditEvent.findFirstOrThrow({ where: { targetId: document.id, actorId: adminId, action: "document.updated" } })).toMatchObject({
      data: { before: { viewersMaySuggest: false }, after: { viewersMaySuggest: true } },
    });
    // An editor may still change the rest while sending the setting as it is.
    expect((await editor.patch(`/api/v1/documents/${document.id}`, { title: "Still open", viewersMaySuggest: true })).status).toBe(200);
  });

  test("without a session every route is a 401", async () => {
    const anonymous = createClient(server.url);
    await expectError(await anonymous.get("/api/v1/documents"), 401, "unauthenticated");
    await expectError(await anonymous.get(`/api/v1/documents/${internal}`), 401, "unauthenticated");
    await expectError(await anonymous.post("/api/v1/documents", { kind: "PLAYBOOK", title: "x" }), 401, "unauthenticated");
  });
});
