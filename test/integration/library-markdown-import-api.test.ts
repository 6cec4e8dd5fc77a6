// Markdown as users write it, imported over HTTP (issue 15): a toolkit written as a checklist
// imports with task items, is searchable by their text and exports back as the same checklist;
// a file of every GitHub-flavoured construct imports with what it left out named, never a 400.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { JSONContent } from "@tiptap/core";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import type { ImportSummary } from "../../server/library/import.ts";
import type { PresentedSearchResult } from "../../server/search/presenter.ts";
import { createUser } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, type Client } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let editor: Client;

const FIXTURES = new URL("../fixtures/markdown/", import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), "utf8");

async function upload(files: File[]) {
  const form = new FormData();
  for (const file of files) form.append("files", file);
  const response = await editor.request("/api/v1/library/import", { method: "POST", body: form });
  expect(response.status).toBe(200);
  return ((await response.json()) as { summary: ImportSummary }).summary;
}

const taskItems = (node: JSONContent): { text: string; checked: boolean }[] => [
  ...(node.type === "taskItem" ? [{ text: node.content?.[0]?.content?.map((t) => t.text).join("") ?? "", checked: node.attrs?.checked === true }] : []),
  ...(node.content ?? []).flatMap(taskItems),
];

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  const { email, password } = await createUser(server.services.auth, { role: "EDITOR", organizationName: "Provider LLP" });
  editor = createClient(server.url);
  await editor.login(email, password);
});
afterAll(() => server?.close());

describe("importing Markdown written as people write it", () => {
  test("a toolkit written as a checklist imports, its items ticked as written, searchable, and exports as the same checklist", async () => {
    const source = fixture("client-onboarding-toolkit.md");
    const summary = await upload([new File([source], "client-onboarding-toolkit.md")]);
    expect(summary.skipped).toEqual([]);
    expect(summary.warnings).toEqual([]);
    expect(summary.imported).toEqual([{ file: "client-onboarding-toolkit.md", documentId: expect.any(String), title: "Client onboarding toolkit", link: expect.any(String) }]);
    const id = summary.imported[0]!.documentId;

    const { document } = (await (await editor.get(`/api/v1/documents/${id}`)).json()) as { document: PresentedDocument };
    expect(document.kind).toBe("TOOLKIT");
    expect(taskItems(document.content.json as JSONContent)).toEqual([
      { text: "Record the client's business objective", checked: false },
      { text: "Confirm the scope and the fee basis", checked: false },
      { text: "Fixed fee or capped", checked: false },
      { text: "Engagement letter signed", checked: true },
      { text: "Open the mandate", checked: true },
    ]);

    await server.services.search.indexer.idle();
    const found = (await (await editor.get("/api/v1/search?q=objective")).json()) as PresentedSearchResult;
    expect(found.hits.map((h) => h.documentId)).toContain(id);

    const exported = await (await editor.get(`/api/v1/documents/${id}/export?format=md`)).text();
    expect(exported.slice(exported.indexOf("# Client onboarding toolkit"))).toBe(source.slice(source.indexOf("# Client onboarding toolkit")));
  });

  test("a file of every GitHub-flavoured construct imports beside others, naming what it left out", async () => {
    const summary = await upload([new File([fixture("gfm-everything.md")], "gfm-everything.md"), new File([fixture("checklists.md")], "checklists.md")]);
    expect(summary.skipped).toEqual([]);
    expect(summary.imported.map((i) => i.file)).toEqual(["gfm-everything.md", "checklists.md"]);
    expect(summary.warnings).toEqual([
      { file: "gfm-everything.md", message: "2 images left out (documents hold text only)" },
      { file: "gfm-everything.md", message: "2 HTML comments left out" },
      { file: "gfm-everything.md", message: "14 HTML tags left out (the text inside is kept)" },
      { file: "gfm-everything.md", message: "2 headings of level 5 or 6 made level 4 (documents have four heading levels)" },
      { file: "gfm-everything.md", message: "4 footnote marks kept as plain text (documents have no footnotes)" },
    ]);
  });

  test("a checklist in a document created through the API with Markdown content is task items, not a 400", async () => {
    const response = await editor.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Intake", markdown: "- [ ] Record the client's business objective\n- [x] Conflicts cleared" });
    expect(response.status).toBe(201);
    const { document } = (await response.json()) as { document: PresentedDocument };
    expect(taskItems(document.content.json as JSONContent).map((i) => i.checked)).toEqual([false, true]);
  });
});
