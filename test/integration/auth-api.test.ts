// Signing in over HTTP: the cookie, who-am-I, refusals that reveal nothing, rate limits,
// and the Origin check on cookie-authenticated writes.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LOGIN_LIMIT_PER_ACCOUNT, LOGIN_LIMIT_PER_IP, SESSION_TTL_MS } from "../../server/config.ts";
import { createAuthService } from "../../server/auth/service.ts";
import { hashToken } from "../../server/auth/token.ts";
import { createUser, uniqueEmail } from "../factories/users.ts";
import { countRows, useTestDatabase } from "../helpers/database.ts";
import { createClient, sessionCookieOf, type ErrorBody } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();

describe("login", () => {
  let server: TestServer;
  let editor: Awaited<ReturnType<typeof createUser>>;
  beforeAll(async () => {
    server = await startTestServer({ db: db() });
    editor = await createUser(server.services.auth, { role: "EDITOR", name: "Edith Editor" });
  });
  afterAll(() => server?.close());

  test("sets an httpOnly, SameSite=Lax session cookie and returns the user", async () => {
    const client = createClient(server.url);
    const before = Date.now();
    const response = await client.post("/api/v1/auth/login", { email: editor.email, password: editor.password });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: { email: string; name: string; memberships: unknown[] }; expiresAt: string };
    expect(body.user).toMatchObject({ email: editor.email, name: "Edith Editor" });
    expect(body.user.memberships).toEqual([expect.objectContaining({ role: "EDITOR", organizationKind: "PROVIDER" })]);

    const cookie = sessionCookieOf(response);
    expect(cookie?.value).toMatch(/^[a-z2-7]{32}$/);
    expect(cookie?.attributes.has("httponly")).toBe(true);
    expect(cookie?.attributes.get("samesite")).toBe("Lax");
    expect(cookie?.attributes.get("path")).toBe("/");
    expect(cookie?.attributes.has("secure")).toBe(false); // plain http on loopback
    const expires = Date.parse(cookie?.attributes.get("expires") ?? "");
    expect(expires).toBeGreaterThanOrEqual(before + SESSION_TTL_MS - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + SESSION_TTL_MS);
    expect(Date.parse(body.expiresAt)).toBeCloseTo(expires, -4);
  });

  test("stores only the SHA-256 of the session token", async () => {
    const client = createClient(server.url);
    await client.login(editor.email, editor.password);
    const token = client.sessionToken!;
    const stored = await db().prisma.session.findUnique({ where: { id: hashToken(token) } });
    expect(stored).toMatchObject({ userId: editor.user.id });
    expect(await db().prisma.session.findUnique({ where: { id: token } })).toBeNull();
  });

  test("/api/v1/me answers with the session cookie", async () => {
    const client = createClient(server.url);
    await client.login(editor.email, editor.password);
    const response = await client.get("/api/v1/me");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      user: { id: editor.user.id, email: editor.email, abilities: { manageMembers: false, isClient: false } },
    });
  });

  test("matches the email case-insensitively and ignores surrounding spaces", async () => {
    const client = createClient(server.url);
    const response = await client.post("/api/v1/auth/login", {
      email: `  ${editor.email.toUpperCase()} `,
      password: editor.password,
    });
    expect(response.status).toBe(200);
  });

  test("an unknown email and a wrong password get the same status and body, and change nothing", async () => {
    const before = await countRows(db());
    const client = createClient(server.url);
    const wrongPassword = await client.post("/api/v1/auth/login", { email: editor.email, password: "not the password" });
    const unknownEmail = await client.post("/api/v1/auth/login", { email: uniqueEmail("nobody"), password: "not the password" });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(wrongPassword.status);
    const a = await wrongPassword.json();
    expect(await unknownEmail.json()).toEqual(a);
    expect(a).toEqual({ error: { code: "invalid_credentials", message: "The email or password is incorrect." } });
    expect(sessionCookieOf(wrongPassword)).toBeNull();
    expect(await countRows(db())).toEqual(before);
  });

  test("a user without a password (invited, not yet accepted) cannot sign in", async () => {
    const email = uniqueEmail("passwordless");
    await db().prisma.user.create({ data: { email, name: "No Password" } });
    const response = await createClient(server.url).post("/api/v1/auth/login", { email, password: "anything at all" });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).error.code).toBe("invalid_credentials");
  });

  test("bad input is a 400 naming the fields, and changes nothing", async () => {
    const before = await countRows(db());
    const response = await createClient(server.url).post("/api/v1/auth/login", { email: "not-an-email" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("invalid_request");
    const issues = body.error.details?.issues as Array<{ path: string }>;
    expect(issues.map((i) => i.path).sort()).toEqual(["email", "password"]);
    expect(await countRows(db())).toEqual(before);
  });
});

describe("login rate limits", () => {
  test(`the ${LOGIN_LIMIT_PER_ACCOUNT.max + 1}th attempt on one account is a 429 with Retry-After, even with the right password`, async () => {
    const server = await startTestServer({ db: db() });
    try {
      const target = await createUser(server.services.auth);
      const other = await createUser(server.services.auth);
      const client = createClient(server.url);
      for (let i = 0; i < LOGIN_LIMIT_PER_ACCOUNT.max; i++) {
        const r = await client.post("/api/v1/auth/login", { email: target.email, password: `wrong ${i}` });
        expect(r.status).toBe(401);
      }
      const limited = await client.post("/api/v1/auth/login", { email: target.email, password: "wrong again" });
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(LOGIN_LIMIT_PER_ACCOUNT.windowMs / 1000);
      expect(await limited.json()).toEqual({
        error: { code: "rate_limited", message: expect.any(String), details: { retryAfterSeconds: retryAfter } },
      });

      const rightPassword = await client.post("/api/v1/auth/login", { email: target.email, password: target.password });
      expect(rightPassword.status).toBe(429);
      expect(sessionCookieOf(rightPassword)).toBeNull();

      // Another account from the same address is not locked out.
      expect((await client.post("/api/v1/auth/login", { email: other.email, password: other.password })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  test("a successful sign-in clears the account's failed attempts", async () => {
    const server = await startTestServer({ db: db() });
    try {
      const user = await createUser(server.services.auth);
      const client = createClient(server.url);
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < LOGIN_LIMIT_PER_ACCOUNT.max - 1; i++) {
          expect((await client.post("/api/v1/auth/login", { email: user.email, password: "wrong" })).status).toBe(401);
        }
        expect((await client.post("/api/v1/auth/login", { email: user.email, password: user.password })).status).toBe(200);
      }
    } finally {
      await server.close();
    }
  });

  test("behind a trusted proxy (TRUST_PROXY) the per-address limit counts each client's address; an untrusted X-Forwarded-For changes nothing", async () => {
    const spray = async (server: TestServer, forwardedFor: string) => {
      const client = createClient(server.url);
      let last = 0;
      for (let i = 0; i <= LOGIN_LIMIT_PER_IP.max; i++) {
        last = (await client.request("/api/v1/auth/login", { method: "POST", json: { email: uniqueEmail("spray"), password: "guess" }, headers: { "X-Forwarded-For": forwardedFor } })).status;
      }
      return last;
    };
    const trusting = await startTestServer({ db: db(), env: { TRUST_PROXY: "loopback" } });
    try {
      expect(await spray(trusting, "203.0.113.7")).toBe(429);
      // Another client behind the same proxy is not throttled with the first.
      const other = await createClient(trusting.url).request("/api/v1/auth/login", {
        method: "POST",
        json: { email: uniqueEmail("other"), password: "guess" },
        headers: { "X-Forwarded-For": "203.0.113.8" },
      });
      expect(other.status).toBe(401);
    } finally {
      await trusting.close();
    }
    const untrusting = await startTestServer({ db: db() });
    try {
      expect(await spray(untrusting, "203.0.113.7")).toBe(429);
      // Without TRUST_PROXY the header is the client's word: it does not make a new address.
      const other = await createClient(untrusting.url).request("/api/v1/auth/login", {
        method: "POST",
        json: { email: uniqueEmail("other"), password: "guess" },
        headers: { "X-Forwarded-For": "203.0.113.8" },
      });
      expect(other.status).toBe(429);
    } finally {
      await untrusting.close();
    }
  });

  test(`more than ${LOGIN_LIMIT_PER_IP.max} attempts from one address are a 429, whatever the account`, async () => {
    const server = await startTestServer({ db: db() });
    try {
      const user = await createUser(server.services.auth);
      const client = createClient(server.url);
      for (let i = 0; i < LOGIN_LIMIT_PER_IP.max; i++) {
        const r = await client.post("/api/v1/auth/login", { email: uniqueEmail("spray"), password: "guess" });
        expect(r.status).toBe(401);
      }
      const limited = await client.post("/api/v1/auth/login", { email: user.email, password: user.password });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await limited.json()) as ErrorBody).error.code).toBe("rate_limited");
    } finally {
      await server.close();
    }
  });
});

describe("Origin check over HTTP", () => {
  let server: TestServer;
  let user: Awaited<ReturnType<typeof createUser>>;
  beforeAll(async () => {
    server = await startTestServer({ db: db() });
    user = await createUser(server.services.auth);
  });
  afterAll(() => server?.close());

  test.each([
    ["another site", "https://evil.example"],
    ["an opaque origin", "null"],
    ["no Origin at all", null],
  ])("a cookie POST from %s is a 403 bad_origin in JSON and creates nothing", async (_case, origin) => {
    const client = createClient(server.url);
    await client.login(user.email, user.password);
    const before = await countRows(db());
    const response = await client.post("/api/v1/tokens", { name: "csrf" }, { origin });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(((await response.json()) as ErrorBody).error.code).toBe("bad_origin");
    expect(await countRows(db())).toEqual(before);
  });

  test("a cookie POST from our own origin goes through", async () => {
    const client = createClient(server.url);
    await client.login(user.email, user.password);
    expect((await client.post("/api/v1/tokens", { name: "same-origin" })).status).toBe(201);
  });

  test("a cookie GET from another site is still answered", async () => {
    const client = createClient(server.url);
    await client.login(user.email, user.password);
    expect((await client.get("/api/v1/me", { origin: "https://evil.example" })).status).toBe(200);
  });

  test("signing in from another site is refused too (login CSRF)", async () => {
    const response = await createClient(server.url).post(
      "/api/v1/auth/login",
      { email: user.email, password: user.password },
      { origin: "https://evil.example" },
    );
    expect(response.status).toBe(403);
    expect(sessionCookieOf(response)).toBeNull();
  });

  test("a script with no cookie and no Origin may sign in", async () => {
    const response = await createClient(server.url).post(
      "/api/v1/auth/login",
      { email: user.email, password: user.password },
      { origin: null },
    );
    expect(response.status).toBe(200);
  });
});

describe("behind a proxy (APP_ORIGIN)", () => {
  const APP_ORIGIN = "https://precedent.example.com";
  let server: TestServer;
  let user: Awaited<ReturnType<typeof createUser>>;
  beforeAll(async () => {
    server = await startTestServer({ db: db(), env: { APP_ORIGIN } });
    user = await createUser(server.services.auth);
  });
  afterAll(() => server?.close());

  test("requests must come from APP_ORIGIN, not from the Host they reached", async () => {
    const client = createClient(server.url);
    const fromHost = await client.post("/api/v1/auth/login", { email: user.email, password: user.password });
    expect(fromHost.status).toBe(403);
    const fromApp = await client.post(
      "/api/v1/auth/login",
      { email: user.email, password: user.password },
      { origin: APP_ORIGIN },
    );
    expect(fromApp.status).toBe(200);
    expect((await client.post("/api/v1/tokens", { name: "x" }, { origin: APP_ORIGIN })).status).toBe(201);
    expect((await client.post("/api/v1/tokens", { name: "x" })).status).toBe(403);
  });

  test("an https APP_ORIGIN makes the session cookie Secure", async () => {
    const response = await createClient(server.url).post(
      "/api/v1/auth/login",
      { email: user.email, password: user.password },
      { origin: APP_ORIGIN },
    );
    expect(sessionCookieOf(response)?.attributes.has("secure")).toBe(true);
  });
});

describe("login rate limits under concurrency", () => {
  test("parallel wrong guesses from one address still get only that address's allowance on the account", async () => {
    const server = await startTestServer({ db: db() });
    try {
      const target = await createUser(server.services.auth);
      const attempts = LOGIN_LIMIT_PER_ACCOUNT.max * 3;
      const results = await Promise.allSettled(
        Array.from({ length: attempts }, (_, i) =>
          server.services.auth.login({ email: target.email, password: `guess ${i}` }, { ip: "198.51.100.7" }),
        ),
      );
      const codes = results.map((r) => (r.status === "rejected" ? (r.reason as { code: string }).code : "signed_in"));
      expect(codes.filter((c) => c === "invalid_credentials")).toHaveLength(LOGIN_LIMIT_PER_ACCOUNT.max);
      expect(codes.filter((c) => c === "rate_limited")).toHaveLength(attempts - LOGIN_LIMIT_PER_ACCOUNT.max);
    } finally {
      await server.close();
    }
  });

  test("parallel wrong guesses spread over many addresses stop at the account-wide allowance", async () => {
    const limits = { perAccountAndAddress: { max: 5, windowMs: 60_000 }, perAddress: { max: 20, windowMs: 60_000 }, perAccount: { max: 8, windowMs: 60_000 } };
    const auth = createAuthService({ db: db().prisma, loginLimits: limits });
    const target = await createUser(auth);
    const attempts = 20;
    const results = await Promise.allSettled(
      Array.from({ length: attempts }, (_, i) => auth.login({ email: target.email, password: `guess ${i}` }, { ip: `198.51.100.${i}` })),
    );
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as { code: string }).code : "signed_in"));
    expect(codes.filter((c) => c === "invalid_credentials")).toHaveLength(8);
    expect(codes.filter((c) => c === "rate_limited")).toHaveLength(attempts - 8);
  });
});

describe("nobody else can lock an account, and signing in uses up nothing", () => {
  test(`${LOGIN_LIMIT_PER_ACCOUNT.max + 1} wrong passwords from another address lock out that address only: the owner signs in from theirs`, async () => {
    const server = await startTestServer({ db: db() });
    try {
      const owner = await createUser(server.services.auth);
      const auth = server.services.auth;
      const attacker = { ip: "203.0.113.66" };
      for (let i = 0; i < LOGIN_LIMIT_PER_ACCOUNT.max; i++) {
        await expect(auth.login({ email: owner.email, password: `guess ${i}` }, attacker)).rejects.toMatchObject({ code: "invalid_credentials" });
      }
      await expect(auth.login({ email: owner.email, password: "one more" }, attacker)).rejects.toMatchObject({ status: 429 });
      await expect(auth.login({ email: owner.email, password: owner.password }, attacker)).rejects.toMatchObject({ status: 429 });
      // The owner, at their own address, signs in at once — and never signed in from there before.
      await expect(auth.login({ email: owner.email, password: owner.password }, { ip: "192.0.2.10" })).resolves.toMatchObject({
        viewer: expect.objectContaining({ email: owner.email }),
      });
      // One attacker in an IPv6 /64 is one address, however many addresses they take from it.
      for (let i = 0; i < LOGIN_LIMIT_PER_ACCOUNT.max; i++) {
        await expect(auth.login({ email: owner.email, password: `guess ${i}` }, { ip: `2001:db8:1:2::${i + 1}` })).rejects.toMatchObject({ status: 401 });
      }
      await expect(auth.login({ email: owner.email, password: "guess" }, { ip: "2001:db8:1:2:ffff::9" })).rejects.toMatchObject({ status: 429 });
    } finally {
      await server.close();
    }
  });

  test(`successful sign-ins do not use up the address's budget of ${LOGIN_LIMIT_PER_IP.max}`, async () => {
    const server = await startTestServer({ db: db() });
    try {
      const user = await createUser(server.services.auth);
      const office = { ip: "192.0.2.20" };
      for (let i = 0; i < LOGIN_LIMIT_PER_IP.max + 5; i++) {
        await server.services.auth.login({ email: user.email, password: user.password }, office);
      }
      // Everyone behind the office's address still has every failed attempt left.
      for (let i = 0; i < LOGIN_LIMIT_PER_ACCOUNT.max; i++) {
        await expect(server.services.auth.login({ email: user.email, password: "typo" }, office)).rejects.toMatchObject({ status: 401 });
      }
      await expect(server.services.auth.login({ email: user.email, password: user.password }, office)).rejects.toMatchObject({ status: 429 });
    } finally {
      await server.close();
    }
  });

  test("past the account-wide limit an address the owner signed in from before still works; a new one waits", async () => {
    const limits = { perAccountAndAddress: { max: 3, windowMs: 60_000 }, perAddress: { max: 20, windowMs: 60_000 }, perAccount: { max: 6, windowMs: 60_000 } };
    const auth = createAuthService({ db: db().prisma, loginLimits: limits });
    const owner = await createUser(auth);
    await auth.login({ email: owner.email, password: owner.password }, { ip: "192.0.2.30" });
    for (let i = 0; i < 6; i++) {
      await expect(auth.login({ email: owner.email, password: "guess" }, { ip: `198.51.100.${100 + i}` })).rejects.toMatchObject({ status: 401 });
    }
    await expect(auth.login({ email: owner.email, password: owner.password }, { ip: "198.51.100.200" })).rejects.toMatchObject({ status: 429 });
    await expect(auth.login({ email: owner.email, password: owner.password }, { ip: "192.0.2.30" })).resolves.toBeDefined();
  });
});
