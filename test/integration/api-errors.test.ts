// The JSON API answers every failure in one shape, { error: { code, message, details? } },
// with the right status, and never with HTML.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { JSON_BODY_LIMIT_BYTES, JSON_BODY_MAX_DEPTH, MAX_DOCUMENT_DEPTH } from "../../server/config.ts";
import { createUser } from "../factories/users.ts";
import { consoleError } from "../setup/fail-on-console-error.ts";
import { countRows, createTestDatabase, useTestDatabase } from "../helpers/database.ts";
import { createClient, type Client, type ErrorBody } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let signedIn: Client;

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  const { email, password } = await createUser(server.services.auth, { role: "EDITOR" });
  signedIn = createClient(server.url);
  await signedIn.login(email, password);
});
afterAll(() => server?.close());

async function expectError(response: Response, status: number, code: string) {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: body.error.code }).toEqual({ status, code });
  expect(body.error.message).toEqual(expect.any(String));
  return body;
}

describe("API errors", () => {
  test("health check reports the database up", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: { read: true, write: true } });
  });

  test("every response carries a request id and the security headers", async () => {
    const response = await fetch(`${server.url}/api/v1/me`);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  test("every answer to a signed-in request says no-store, errors included", async () => {
    for (const path of ["/api/v1/me", "/api/v1/documents", "/api/v1/documents/nope", "/api/v1/nope"]) {
      const response = await signedIn.get(path);
      expect(response.headers.get("cache-control"), path).toMatch(/\bno-store\b/);
    }
  });

  test("malformed JSON is a 400 malformed_json", async () => {
    const response = await signedIn.request("/api/v1/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"name": "ci",',
    });
    await expectError(response, 400, "malformed_json");
  });

  test("a JSON body over 1 MiB is a 413 payload_too_large", async () => {
    const before = await countRows(db());
    const name = "x".repeat(JSON_BODY_LIMIT_BYTES);
    const response = await signedIn.post("/api/v1/tokens", { name });
    const body = await expectError(response, 413, "payload_too_large");
    expect(body.error.details).toEqual({ limitBytes: JSON_BODY_LIMIT_BYTES });
    expect(await countRows(db())).toEqual(before);
  });

  test("a chunked JSON body over 1 MiB (no Content-Length) is a 413 too", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"name":"'));
        if (sent > JSON_BODY_LIMIT_BYTES + chunk.length) {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
          return;
        }
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const response = await fetch(`${server.url}/api/v1/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: server.url, Cookie: `precedent_session=${signedIn.sessionToken}` },
      body,
      duplex: "half",
    } as RequestInit);
    await expectError(response, 413, "payload_too_large");
  });

  test("a body just under the limit is read (and then judged on its content)", async () => {
    const response = await signedIn.post("/api/v1/tokens", { name: "x".repeat(JSON_BODY_LIMIT_BYTES - 100) });
    const body = await expectError(response, 400, "invalid_request");
    expect(body.error.details).toMatchObject({ issues: [{ path: "name" }] });
  });

  test.each([
    ["text/plain", "name=ci"],
    ["application/x-www-form-urlencoded", "name=ci"],
    ["multipart/form-data; boundary=x", "--x--"],
  ])("a %s body is a 415 unsupported_media_type", async (contentType, body) => {
    const response = await signedIn.request("/api/v1/tokens", {
      method: "POST",
      headers: { "Content-Type": contentType },
      body,
    });
    await expectError(response, 415, "unsupported_media_type");
  });

  test("JSON with a charset parameter is accepted", async () => {
    const response = await signedIn.request("/api/v1/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: JSON.stringify({ name: "charset" }),
    });
    expect(response.status).toBe(201);
  });

  test.each([
    ["GET", "/api/v1/nope"],
    ["POST", "/api/v1/nope"],
    ["GET", "/api/v2/me"],
    ["GET", "/api/me"],
    ["DELETE", "/api/v1/me"],
  ])("%s %s is a JSON 404 route_not_found, never HTML", async (method, path) => {
    const response = await signedIn.request(path, { method, headers: { Accept: "text/html" } });
    await expectError(response, 404, "route_not_found");
  });

  test("an unauthenticated request is a 401 unauthenticated", async () => {
    await expectError(await fetch(`${server.url}/api/v1/me`), 401, "unauthenticated");
    await expectError(await fetch(`${server.url}/api/v1/tokens`), 401, "unauthenticated");
    const post = await fetch(`${server.url}/api/v1/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "x" }),
    });
    await expectError(post, 401, "unauthenticated");
  });

  test("invalid input is a 400 invalid_request listing each field", async () => {
    const before = await countRows(db());
    const response = await signedIn.post("/api/v1/tokens", { name: "   " });
    const body = await expectError(response, 400, "invalid_request");
    expect(body.error.details).toEqual({ issues: [{ path: "name", message: "Name the token." }] });

    const wrongType = await signedIn.post("/api/v1/tokens", { name: 42 });
    expect((await expectError(wrongType, 400, "invalid_request")).error.details).toMatchObject({
      issues: [{ path: "name" }],
    });

    const notAnObject = await signedIn.post("/api/v1/tokens", ["ci"]);
    await expectError(notAnObject, 400, "invalid_request");
    expect(await countRows(db())).toEqual(before);
  });

  test("a non-object JSON body (strict mode) is refused as malformed", async () => {
    const response = await signedIn.request("/api/v1/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '"just a string"',
    });
    await expectError(response, 400, "malformed_json");
  });
});

describe("hostile input is a 400 at the boundary, never a 500", () => {
  const NUL = "\u0000";
  const nestedCallouts = (depth: number) => {
    let node: Record<string, unknown> = { type: "paragraph", content: [{ type: "text", text: "deep" }] };
    for (let i = 0; i < depth; i++) node = { type: "callout", content: [node] };
    return { type: "doc", content: [node] };
  };
  let documentId: string;

  beforeAll(async () => {
    const created = await signedIn.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Target" });
    expect(created.status).toBe(201);
    documentId = ((await created.json()) as { document: { id: string } }).document.id;
  });

  test.each([
    ["a title", () => signedIn.post("/api/v1/documents", { kind: "PLAYBOOK", title: `Evil${NUL}title` }), "title"],
    ["a tag", () => signedIn.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Tagged", tags: [`a${NUL}b`] }), "tags.0"],
    ["markdown", () => signedIn.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Body", markdown: `x${NUL}y` }), "markdown"],
    ["content JSON", () => signedIn.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Json", json: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `a${NUL}` }] }] } }), "json"],
    ["a version name", () => signedIn.post(`/api/v1/documents/${documentId}/versions`, { name: `v${NUL}1` }), "name"],
    ["a list query", () => signedIn.get(`/api/v1/documents?q=a%00b`), "q"],
    ["a search query", () => signedIn.get(`/api/v1/search?q=a%00b`), "q"],
    ["a token name", () => signedIn.post("/api/v1/tokens", { name: `ci${NUL}` }), "name"],
  ])("a NUL in %s is a 400 invalid_request naming the field", async (_what, send, path) => {
    const before = await countRows(db());
    const body = await expectError(await send(), 400, "invalid_request");
    expect(body.error.details).toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ path })]) });
    expect(await countRows(db())).toEqual(before);
  });

  test("a NUL in an id is a 400 or a 404, never a 500", async () => {
    for (const path of [`/api/v1/documents/a%00b`, `/api/v1/documents/${documentId}/diff?from=a%00b&to=current`, `/api/v1/mandates/a%00b`]) {
      const response = await signedIn.get(path);
      expect([400, 404], path).toContain(response.status);
    }
  });

  test("a path with a malformed % escape is a 400 malformed_uri", async () => {
    await expectError(await signedIn.get("/api/v1/documents/%"), 400, "malformed_uri");
    await expectError(await signedIn.get("/api/v1/documents/%E0%A4%A"), 400, "malformed_uri");
  });

  test("a body nested 3,000 levels deep is a 400 json_too_deep, before it is parsed", async () => {
    const deep = "[".repeat(3000) + "]".repeat(3000);
    const response = await signedIn.request("/api/v1/tokens", { method: "POST", headers: { "Content-Type": "application/json" }, body: `{"name":${deep}}` });
    const body = await expectError(response, 400, "json_too_deep");
    expect(body.error.details).toEqual({ maxDepth: JSON_BODY_MAX_DEPTH });
  });

  test("30,000 nested callouts are refused at once; content just past the node depth limit is a 400 naming json", async () => {
    const started = performance.now();
    // Written out by hand: JSON.stringify itself overflows the stack on 30,000 levels.
    const open = '{"type":"callout","content":['.repeat(30_000);
    const body = `{"kind":"PLAYBOOK","title":"Deep","json":{"type":"doc","content":[${open}{"type":"paragraph"}${"]}".repeat(30_000)}]}}`;
    const response = await signedIn.request("/api/v1/documents", { method: "POST", headers: { "Content-Type": "application/json" }, body });
    await expectError(response, 400, "json_too_deep");
    expect(performance.now() - started).toBeLessThan(2_000);
    const past = await signedIn.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Deep", json: nestedCallouts(MAX_DOCUMENT_DEPTH) });
    const refused = await expectError(past, 400, "invalid_request");
    expect(JSON.stringify(refused.error.details)).toContain(`${MAX_DOCUMENT_DEPTH} levels deep`);
    const within = await signedIn.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Nested", json: nestedCallouts(MAX_DOCUMENT_DEPTH - 3) });
    expect(within.status).toBe(201);
  });
});

describe("when the database is gone", () => {
  test("an API request is a logged 500 that tells the caller nothing of the cause, and /healthz says 503", async () => {
    const lost = await createTestDatabase();
    const lostServer = await startTestServer({ db: lost });
    try {
      const { email, password } = await createUser(lostServer.services.auth);
      const client = createClient(lostServer.url);
      await client.login(email, password);
      // Before the database goes: a background job (the search outbox) may log its own failure first.
      consoleError.mockImplementation(() => {});
      await lost.vanish();

      const response = await client.get("/api/v1/me");
      const body = await expectError(response, 500, "internal_error");
      expect(body).toEqual({ error: { code: "internal_error", message: "Something went wrong on our side." } });
      expect(consoleError).toHaveBeenCalledWith(expect.stringContaining("api request failed"));
      expect(consoleError.mock.calls.join(" ")).toContain(response.headers.get("x-request-id") ?? "missing");

      const health = await fetch(`${lostServer.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ ok: false, database: { read: false, write: false } });
    } finally {
      await lostServer.close();
    }
  });
});
