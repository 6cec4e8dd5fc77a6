// Enum filters of every list endpoint, over HTTP: people type what they read (`?kind=template`,
// `?status=in review`), so a value matches in any case, with a space or hyphen for an
// underscore; the canonical value is what filters; and anything else is a 400 naming the
// allowed values. (Issue 14.)
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PresentedDocumentSummary } from "../../server/documents/presenter.ts";
import { createUser } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, type Client, type ErrorBody } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let admin: Client;

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  const { email, password } = await createUser(server.services.auth, { role: "ADMIN", organizationName: "Provider LLP" });
  admin = createClient(server.url);
  await admin.login(email, password);
  for (const [kind, status, title] of [
    ["TEMPLATE", "IN_REVIEW", "Engagement letter"],
    ["PLAYBOOK", "PUBLISHED", "NDA playbook"],
  ] as const) {
    expect((await admin.post("/api/v1/documents", { kind, status, title })).status).toBe(201);
  }
});
afterAll(() => server?.close());

const documentTitles = async (query: string) => {
  const response = await admin.get(`/api/v1/documents?${query}`);
  expect(response.status, query).toBe(200);
  return ((await response.json()) as { documents: PresentedDocumentSummary[] }).documents.map((d) => d.title).sort();
};

describe("list filters", () => {
  test("a document kind or status in any case filters as the canonical value", async () => {
    for (const kind of ["template", "Template", "TEMPLATE"]) expect(await documentTitles(`kind=${kind}`)).toEqual(["Engagement letter"]);
    for (const status of ["in_review", "in review", "In-Review", "IN_REVIEW"]) {
      expect(await documentTitles(`status=${encodeURIComponent(status)}`)).toEqual(["Engagement letter"]);
    }
    expect(await documentTitles("kind=playbook&status=published&sort=Title&order=DESC")).toEqual(["NDA playbook"]);
  });

  test("every list endpoint's enum filters take any case", async () => {
    for (const path of [
      "/api/v1/mandates?status=on%20hold",
      "/api/v1/mandates?status=active",
      "/api/v1/search?q=nda&kind=playbook,template&status=published&scope=Documents",
      "/api/v1/promotions?status=pending",
      "/api/v1/legal-holds?state=ALL",
    ]) {
      const response = await admin.get(path);
      expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
    }
    // The index is written after the document is created (the outbox): found once the indexer has read it.
    const titles = async () => ((await (await admin.get("/api/v1/search?q=nda&kind=playbook")).json()) as { hits: { documentTitle: string }[] }).hits.map((h) => h.documentTitle);
    await expect.poll(titles, { timeout: 10_000 }).toEqual(["NDA playbook"]);
  });

  test("a value that is none of them is a 400 that names the allowed values", async () => {
    for (const [path, allowed] of [
      ["/api/v1/documents?kind=memo", /playbook, toolkit, template or precedent/],
      ["/api/v1/documents?status=lost", /draft, in review, published or archived/],
      ["/api/v1/mandates?status=paused", /proposed, active, on hold, completed or cancelled/],
      ["/api/v1/search?q=nda&kind=memo", /PLAYBOOK, TOOLKIT, TEMPLATE or PRECEDENT/],
      ["/api/v1/promotions?status=lost", /PENDING, APPROVED, REJECTED or WITHDRAWN/],
      ["/api/v1/legal-holds?state=none", /active or all/],
    ] as const) {
      const response = await admin.get(path);
      expect(response.status, path).toBe(400);
      const { error } = (await response.json()) as ErrorBody;
      expect(error.code, path).toBe("invalid_request");
      expect(JSON.stringify(error.details), path).toMatch(allowed);
    }
  });
});
