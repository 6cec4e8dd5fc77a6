// The library's files over HTTP: upload .md and .docx files to import them, download any
// document as Word, print-ready HTML or Markdown; and every way those requests are refused.
import { readFileSync } from "node:fs";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import type { ImportSummary } from "../../server/library/import.ts";
import { LIBRARY_DOCX_MAX_UNZIPPED_BYTES } from "../../server/config.ts";
import { createUser } from "../factories/users.ts";
import { zipBomb } from "../fixtures/docx/zip-bomb.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, type Client, type ErrorBody } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let editor: Client;
let client: Client;

const DOCX_FIXTURES = new URL("../fixtures/docx/", import.meta.url);
const docxFile = (name: string) => new File([readFileSync(new URL(name, DOCX_FIXTURES))], name);
const upload = (as: Client, files: File[], fields: Record<string, string> = {}) => {
  const form = new FormData();
  for (const file of files) form.append("files", file);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return as.request("/api/v1/library/import", { method: "POST", body: form });
};

async function expectError(response: Response, status: number, code: string) {
  const error = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: error.error.code }).toEqual({ status, code });
  return error;
}

async function signIn(role: "EDITOR" | "CLIENT", organizationName: string) {
  const { email, password } = await createUser(server.services.auth, { role, organizationName });
  const signedIn = createClient(server.url);
  await signedIn.login(email, password);
  return signedIn;
}

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  editor = await signIn("EDITOR", "Provider LLP");
  client = await signIn("CLIENT", "Client A");
});
afterAll(() => server?.close());

describe("library files API", () => {
  test("an editor uploads Word and Markdown files and gets the summary with what was not carried over", async () => {
    const markdown = new File(["---\nslug: api-memo\nkind: precedent\ntitle: API memo\n---\n\n# Memo\n\nText.\n"], "api-memo.md");
    const response = await upload(editor, [docxFile("services-agreement.docx"), docxFile("side-letter-with-extras.docx"), markdown, new File(["x"], "notes.txt")], {
      kind: "template",
    });
    expect(response.status).toBe(200);
    const { summary } = (await response.json()) as { summary: ImportSummary };
    expect(summary.imported.map((i) => i.file)).toEqual(["services-agreement.docx", "side-letter-with-extras.docx", "api-memo.md"]);
    expect(summary.imported[2]).toEqual({ file: "api-memo.md", documentId: expect.any(String), title: "API memo", link: `/documents/${summary.imported[2]!.documentId}` });
    expect(summary.skipped).toEqual([{ file: "notes.txt", reason: "not a library file (.md or .docx)" }]);
    expect(summary.warnings).toContainEqual({ file: "side-letter-with-extras.docx", message: "1 image left out (documents hold text only)" });

    const list = (await (await editor.get("/api/v1/documents?kind=TEMPLATE")).json()) as { documents: PresentedDocument[] };
    expect(list.documents.map((d) => d.title)).toEqual(expect.arrayContaining(["Master Services Agreement (Supplier Form)", "Side Letter on Signature Blocks"]));
  });

  test("downloads a document as Word, print HTML and Markdown, named by its slug", async () => {
    const list = (await (await editor.get("/api/v1/documents?q=Master%20Services")).json()) as { documents: PresentedDocument[] };
    const id = list.documents[0]!.id;

    const docx = await editor.get(`/api/v1/documents/${id}/export?format=docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(docx.headers.get("content-disposition")).toBe('attachment; filename="services-agreement.docx"');
    const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(await docx.arrayBuffer()) });
    expect(value).toContain("<h2>1. Definitions and interpretation</h2>");
    expect(value).toContain("<th><p><strong>Service</strong></p></th>");

    const html = await editor.get(`/api/v1/documents/${id}/export?format=html`);
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html.headers.get("content-disposition")).toBe('inline; filename="services-agreement.html"');
    expect(html.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await html.text()).toContain("<title>Master Services Agreement (Supplier Form)</title>");

    const md = await editor.get(`/api/v1/documents/${id}/export?format=md`);
    expect(md.headers.get("content-disposition")).toBe('attachment; filename="services-agreement.md"');
    expect(await md.text()).toMatch(/^---\nslug: services-agreement\nkind: template\ntitle: Master Services Agreement \(Supplier Form\)\n/);
  });

  test("refuses a bad format, an unreadable document (404) and an unknown one alike", async () => {
    const list = (await (await editor.get("/api/v1/documents?q=Side%20Letter")).json()) as { documents: PresentedDocument[] };
    const id = list.documents[0]!.id;
    await expectError(await editor.get(`/api/v1/documents/${id}/export?format=pdf`), 400, "invalid_request");
    await expectError(await editor.get(`/api/v1/documents/${id}/export`), 400, "invalid_request");
    // Not shared with the client: as if it did not exist.
    await expectError(await client.get(`/api/v1/documents/${id}/export?format=docx`), 404, "document_not_found");
    await expectError(await editor.get("/api/v1/documents/nope/export?format=docx"), 404, "document_not_found");
    await expectError(await createClient(server.url).get(`/api/v1/documents/${id}/export?format=md`), 401, "unauthenticated");
  });

  test("refuses imports from clients, without files, from another site, and not as multipart", async () => {
    await expectError(await upload(client, [docxFile("services-agreement.docx")]), 403, "forbidden");
    const none = await expectError(await upload(editor, [], { kind: "precedent" }), 400, "invalid_request");
    expect(JSON.stringify(none.error.details)).toContain("Choose at least one .md or .docx file.");
    await expectError(await upload(editor, [docxFile("services-agreement.docx")], { kind: "toolkit" }), 400, "invalid_request");
    await expectError(await editor.request("/api/v1/library/import", { method: "POST", json: { files: [] } }), 415, "unsupported_media_type");
    const form = new FormData();
    form.append("files", docxFile("services-agreement.docx"));
    await expectError(await editor.request("/api/v1/library/import", { method: "POST", body: form, origin: "https://evil.example" }), 403, "bad_origin");
  });

  test("refuses a Word file that really unzips past the limit, whatever its zip directory declares, with 413", async () => {
    // The bomb sits in a part only mammoth reads, so the server holds none of it while counting.
    const bomb = await zipBomb([{ name: "word/styles.xml", inflatedBytes: LIBRARY_DOCX_MAX_UNZIPPED_BYTES + 1024 * 1024, declaredBytes: 1000 }], {
      "word/document.xml": "<w:document/>",
    });
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    const error = await expectError(await upload(editor, [new File([bomb], "bomb.docx")], { kind: "precedent" }), 413, "unzipped_too_large");
    expect(error.error.details).toEqual({ file: "bomb.docx", limitBytes: LIBRARY_DOCX_MAX_UNZIPPED_BYTES });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });

  test("refuses a file over the size limit with 413", async () => {
    const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], "huge.docx");
    await expectError(await upload(editor, [big]), 413, "payload_too_large");
  });
});
