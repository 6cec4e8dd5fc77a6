// The JSON API answers every failure in one shape, { error: { code, message, details? } },
// with the right status, and never with HTML.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { JSON_BODY_LIMIT_BYTES } from "../../server/config.ts";
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
    expect(await response.json()).toEqual({ ok: true, database: true });
  });

  test("every response carries a request id and the security headers", async () => {
    const response = await fetch(`${server.url}/api/v1/me`);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-powered-by")).toBeNull();
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

describe("when the database is gone", () => {
  test("an API request is a logged 500 that tells the caller nothing of the cause, and /healthz says 503", async () => {
    const lost = await createTestDatabase();
    const lostServer = await startTestServer({ db: lost });
    try {
      const { email, password } = await createUser(lostServer.services.auth);
      const client = createClient(lostServer.url);
      await client.login(email, password);
      await lost.close();

      consoleError.mockImplementation(() => {});
      const response = await client.get("/api/v1/me");
      const body = await expectError(response, 500, "internal_error");
      expect(body).toEqual({ error: { code: "internal_error", message: "Something went wrong on our side." } });
      expect(consoleError).toHaveBeenCalledWith(expect.stringContaining("api request failed"));
      expect(consoleError.mock.calls.join(" ")).toContain(response.headers.get("x-request-id") ?? "missing");

      const health = await fetch(`${lostServer.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ ok: false, database: false });
    } finally {
      await lostServer.close();
    }
  });
});
