// Personal API tokens: shown once, stored hashed, usable as Bearer, dead once revoked.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { API_TOKEN_PREFIX } from "../../server/auth/api-token.ts";
import { hashToken } from "../../server/auth/token.ts";
import { createUser } from "../factories/users.ts";
import { countRows, useTestDatabase } from "../helpers/database.ts";
import { createClient, type Client, type ErrorBody } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

type CreatedToken = {
  token: string;
  apiToken: { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null };
};

const db = useTestDatabase();
let server: TestServer;
let alice: Client;
let bob: Client;
let aliceEmail: string;

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  const a = await createUser(server.services.auth, { role: "EDITOR" });
  const b = await createUser(server.services.auth, { role: "ADMIN" });
  aliceEmail = a.email;
  alice = createClient(server.url);
  bob = createClient(server.url);
  await alice.login(a.email, a.password);
  await bob.login(b.email, b.password);
});
afterAll(() => server?.close());

async function createToken(client: Client, name: string) {
  const response = await client.post("/api/v1/tokens", { name });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedToken;
}

describe("API tokens", () => {
  test("creating one returns the secret once, with a recognisable prefix", async () => {
    const { token, apiToken } = await createToken(alice, "  CI pipeline  ");
    expect(token).toMatch(new RegExp(`^${API_TOKEN_PREFIX}[a-z2-7]{32}$`));
    expect(apiToken).toEqual({
      id: expect.any(String),
      name: "CI pipeline",
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      createdAt: expect.any(String),
      lastUsedAt: null,
    });
  });

  test("the list never shows a secret or its hash", async () => {
    const { token, apiToken } = await createToken(alice, "listed");
    const response = await alice.get("/api/v1/tokens");
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(token);
    expect(text).not.toContain(hashToken(token));
    const { apiTokens } = JSON.parse(text) as { apiTokens: Array<Record<string, unknown>> };
    expect(apiTokens).toContainEqual(apiToken);
    for (const t of apiTokens) expect(Object.keys(t).sort()).toEqual(["createdAt", "id", "lastUsedAt", "name", "prefix"]);
  });

  test("the database stores only the SHA-256 of the secret", async () => {
    const { token, apiToken } = await createToken(alice, "stored");
    const row = await db().prisma.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(API_TOKEN_PREFIX.length + 6));
  });

  test("a token authenticates as its owner with Authorization: Bearer, and records its use", async () => {
    const { token, apiToken } = await createToken(alice, "bearer");
    const scripted = createClient(server.url);
    const response = await scripted.get("/api/v1/me", { bearer: token });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { email: aliceEmail } });
    const row = await db().prisma.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(row.lastUsedAt).not.toBeNull();
  });

  test("a Bearer request needs no Origin and no cookie to write", async () => {
    const { token } = await createToken(alice, "writer");
    const scripted = createClient(server.url);
    const response = await scripted.post("/api/v1/tokens", { name: "made by a script" }, { bearer: token, origin: null });
    expect(response.status).toBe(201);
  });

  test("a revoked token is a 401 and disappears from the list", async () => {
    const { token, apiToken } = await createToken(alice, "to revoke");
    const scripted = createClient(server.url);
    expect((await scripted.get("/api/v1/me", { bearer: token })).status).toBe(200);

    expect((await alice.delete(`/api/v1/tokens/${apiToken.id}`)).status).toBe(204);
    const refused = await scripted.get("/api/v1/me", { bearer: token });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as ErrorBody).error.code).toBe("unauthenticated");
    const { apiTokens } = (await (await alice.get("/api/v1/tokens")).json()) as { apiTokens: Array<{ id: string }> };
    expect(apiTokens.map((t) => t.id)).not.toContain(apiToken.id);
    // Revoking twice: it is gone.
    expect((await alice.delete(`/api/v1/tokens/${apiToken.id}`)).status).toBe(404);
  });

  test("nobody can see or revoke another user's token, not even an admin", async () => {
    const { token, apiToken } = await createToken(alice, "private");
    const { apiTokens } = (await (await bob.get("/api/v1/tokens")).json()) as { apiTokens: Array<{ id: string }> };
    expect(apiTokens.map((t) => t.id)).not.toContain(apiToken.id);

    const before = await countRows(db());
    const response = await bob.delete(`/api/v1/tokens/${apiToken.id}`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.code).toBe("api_token_not_found");
    expect(await countRows(db())).toEqual(before);
    expect((await createClient(server.url).get("/api/v1/me", { bearer: token })).status).toBe(200);
  });

  test.each([
    ["an unknown token", { Authorization: `Bearer ${API_TOKEN_PREFIX}${"a".repeat(32)}` }],
    ["a session token sent as Bearer", null],
    ["a token without our prefix", { Authorization: `Bearer ${"a".repeat(32)}` }],
    ["a malformed Authorization header", { Authorization: "Basic dXNlcjpwYXNz" }],
    ["an empty Bearer", { Authorization: "Bearer " }],
  ])("%s is a 401, even alongside a valid session cookie", async (_case, headers) => {
    const h = headers ?? { Authorization: `Bearer ${alice.sessionToken}` };
    const response = await alice.get("/api/v1/me", { headers: h });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).error).toMatchObject({
      code: "unauthenticated",
      message: "The API token is not valid.",
    });
  });

  test("an empty or overlong name is refused and stores nothing", async () => {
    const before = await countRows(db());
    for (const name of ["", "   ", "x".repeat(101)]) {
      const response = await alice.post("/api/v1/tokens", { name });
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error.details).toMatchObject({ issues: [{ path: "name" }] });
    }
    expect(await countRows(db())).toEqual(before);
  });
});
