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
  apiToken: { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; expiresAt: string | null; expired: boolean };
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
      expiresAt: null,
      expired: false,
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
    for (const t of apiTokens) expect(Object.keys(t).sort()).toEqual(["createdAt", "expired", "expiresAt", "id", "lastUsedAt", "name", "prefix"]);
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

describe("API tokens end", () => {
  const DAY = 24 * 60 * 60 * 1000;
  let clock = Date.now();
  let timed: TestServer;
  beforeAll(async () => {
    timed = await startTestServer({ db: db(), now: () => clock });
  });
  afterAll(() => timed?.close());

  async function signedIn() {
    const user = await createUser(timed.services.auth, { role: "EDITOR" });
    const client = createClient(timed.url);
    await client.login(user.email, user.password);
    return { user, client };
  }

  test("a token given 20 days works until then, and from then on authenticates as nothing (401), listed as expired", async () => {
    const { client } = await signedIn();
    const created = await client.post("/api/v1/tokens", { name: "weeks", expiresInDays: 20 });
    expect(created.status).toBe(201);
    const { token, apiToken } = (await created.json()) as CreatedToken;
    expect(new Date(apiToken.expiresAt!).getTime()).toBe(clock + 20 * DAY);
    expect(apiToken.expired).toBe(false);
    const me = () => createClient(timed.url).get("/api/v1/me", { bearer: token });
    expect((await me()).status).toBe(200);

    clock += 20 * DAY - 1000;
    expect((await me()).status).toBe(200);
    clock += 1000;
    const expired = await me();
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as ErrorBody).error.code).toBe("unauthenticated");
    // The owner still sees it (expired) until they revoke it; their session is untouched.
    const listed = ((await (await client.get("/api/v1/tokens")).json()) as { apiTokens: CreatedToken["apiToken"][] }).apiTokens;
    expect(listed.find((t) => t.id === apiToken.id)).toMatchObject({ expiresAt: apiToken.expiresAt });
  });

  test("an expiry at a given instant is kept; lifetimes outside 1 to 365 days, or both forms, are a 400 and store nothing", async () => {
    const { client } = await signedIn();
    const at = new Date(clock + 10 * DAY).toISOString();
    const created = await client.post("/api/v1/tokens", { name: "dated", expiresAt: at });
    expect(created.status).toBe(201);
    expect(((await created.json()) as CreatedToken).apiToken.expiresAt).toBe(at);

    const before = await countRows(db());
    for (const body of [
      { expiresInDays: 0 },
      { expiresInDays: 366 },
      { expiresInDays: 1.5 },
      { expiresInDays: "soon" },
      { expiresAt: new Date(clock + 60_000).toISOString() },
      { expiresAt: new Date(clock + 400 * DAY).toISOString() },
      { expiresAt: new Date(clock - DAY).toISOString() },
      { expiresAt: "next tuesday" },
      { expiresInDays: 7, expiresAt: at },
    ]) {
      const response = await client.post("/api/v1/tokens", { name: "bad", ...body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(await countRows(db())).toEqual(before);
  });

  test("signing out everywhere revokes every API token of the user", async () => {
    const { client } = await signedIn();
    const tokens = [await createToken(client, "one"), await createToken(client, "two")];
    const other = await signedIn();
    const bystander = await createToken(other.client, "bystander");
    expect((await client.post("/api/v1/auth/logout-everywhere")).status).toBe(200);
    for (const { token } of tokens) expect((await createClient(timed.url).get("/api/v1/me", { bearer: token })).status).toBe(401);
    expect((await createClient(timed.url).get("/api/v1/me", { bearer: bystander.token })).status).toBe(200);
  });

  test("a password reset (user:create on an existing user) revokes every API token of the user", async () => {
    const { user, client } = await signedIn();
    const { token } = await createToken(client, "script");
    expect((await createClient(timed.url).get("/api/v1/me", { bearer: token })).status).toBe(200);
    await timed.services.auth.upsertUser({ email: user.email, password: "a brand new passphrase", role: "EDITOR" });
    expect((await createClient(timed.url).get("/api/v1/me", { bearer: token })).status).toBe(401);
    const rows = await db().prisma.apiToken.findMany({ where: { userId: user.user.id } });
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
  });
});
