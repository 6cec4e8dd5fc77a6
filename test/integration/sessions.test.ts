// Sessions (Lucia's design) on a real database: creation, validation, sliding expiry, expiry,
// and every way a session ends. Time is moved through the `now` the store is given.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SESSION_RENEW_WINDOW_MS, SESSION_TTL_MS } from "../../server/config.ts";
import { createAuthService } from "../../server/auth/service.ts";
import { createSessionStore, type SessionStore } from "../../server/auth/session.ts";
import { hashToken } from "../../server/auth/token.ts";
import { createUser } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, sessionCookieOf } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
const DAY = 24 * 60 * 60 * 1000;

describe("session store", () => {
  let clock: number;
  let store: SessionStore;
  let userId: string;
  let otherUserId: string;
  beforeAll(async () => {
    clock = Date.UTC(2030, 0, 1);
    store = createSessionStore(db().prisma, () => clock);
    const auth = createAuthService({ db: db().prisma });
    userId = (await createUser(auth)).user.id;
    otherUserId = (await createUser(auth)).user.id;
  });

  test("creates a session whose stored id is the token's SHA-256, expiring after the TTL", async () => {
    const { token, session } = await store.createSession(userId, "Vitest");
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(session).toEqual({ id: hashToken(token), userId, expiresAt: new Date(clock + SESSION_TTL_MS) });
    const row = await db().prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.userAgent).toBe("Vitest");
    expect(JSON.stringify(row)).not.toContain(token);
  });

  test("validates its token, and nothing else", async () => {
    const { token, session } = await store.createSession(userId);
    expect(await store.validateSessionToken(token)).toEqual({ ...session, renewed: false });
    expect(await store.validateSessionToken(session.id)).toBeNull(); // the stored hash is no token
    expect(await store.validateSessionToken(token.toUpperCase())).toBeNull();
    expect(await store.validateSessionToken("")).toBeNull();
    expect(await store.validateSessionToken("a".repeat(32))).toBeNull();
  });

  test("a session used in its first half keeps its expiry", async () => {
    const start = clock;
    const { token, session } = await store.createSession(userId);
    clock = start + SESSION_TTL_MS - SESSION_RENEW_WINDOW_MS - 1;
    expect(await store.validateSessionToken(token)).toMatchObject({ renewed: false, expiresAt: session.expiresAt });
    clock = start;
  });

  test("a session used in its second half slides a full TTL forward", async () => {
    const start = clock;
    const { token } = await store.createSession(userId);
    clock = start + SESSION_TTL_MS - SESSION_RENEW_WINDOW_MS + 1;
    const renewed = await store.validateSessionToken(token);
    expect(renewed).toMatchObject({ renewed: true, expiresAt: new Date(clock + SESSION_TTL_MS) });
    const row = await db().prisma.session.findUniqueOrThrow({ where: { id: hashToken(token) } });
    expect(row.expiresAt).toEqual(new Date(clock + SESSION_TTL_MS));
    // Still alive past the original expiry, because it was used.
    clock = start + SESSION_TTL_MS + DAY;
    expect(await store.validateSessionToken(token)).not.toBeNull();
    clock = start;
  });

  test("an expired session is refused and deleted", async () => {
    const start = clock;
    const { token, session } = await store.createSession(userId);
    clock = session.expiresAt.getTime(); // expiry is exclusive
    expect(await store.validateSessionToken(token)).toBeNull();
    expect(await db().prisma.session.findUnique({ where: { id: session.id } })).toBeNull();
    clock = start;
  });

  test("invalidateSession ends one session and leaves the others", async () => {
    const a = await store.createSession(userId);
    const b = await store.createSession(userId);
    await store.invalidateSession(a.session.id);
    expect(await store.validateSessionToken(a.token)).toBeNull();
    expect(await store.validateSessionToken(b.token)).not.toBeNull();
    await store.invalidateSession(a.session.id); // twice is harmless
  });

  test("invalidateUserSessions ends every session of that user only", async () => {
    const mine = [await store.createSession(userId), await store.createSession(userId)];
    const theirs = await store.createSession(otherUserId);
    const ended = await store.invalidateUserSessions(userId);
    expect(ended).toBeGreaterThanOrEqual(2);
    for (const s of mine) expect(await store.validateSessionToken(s.token)).toBeNull();
    expect(await store.validateSessionToken(theirs.token)).not.toBeNull();
    expect(await db().prisma.session.count({ where: { userId } })).toBe(0);
  });

  test("deleteExpiredSessions removes only expired rows", async () => {
    const start = clock;
    const old = await store.createSession(userId);
    clock = start + SESSION_TTL_MS / 2;
    const fresh = await store.createSession(userId);
    clock = start + SESSION_TTL_MS;
    expect(await store.deleteExpiredSessions()).toBeGreaterThanOrEqual(1);
    expect(await db().prisma.session.findUnique({ where: { id: old.session.id } })).toBeNull();
    expect(await db().prisma.session.findUnique({ where: { id: fresh.session.id } })).not.toBeNull();
    clock = start;
  });
});

describe("sessions over HTTP", () => {
  let clock = Date.now();
  let server: TestServer;
  let user: Awaited<ReturnType<typeof createUser>>;
  beforeAll(async () => {
    server = await startTestServer({ db: db(), now: () => clock });
    user = await createUser(server.services.auth);
  });
  afterAll(() => server?.close());

  test("a request in the session's second half renews the cookie", async () => {
    const client = createClient(server.url);
    await client.login(user.email, user.password);
    const quiet = await client.get("/api/v1/me");
    expect(quiet.status).toBe(200);
    expect(sessionCookieOf(quiet)).toBeNull();

    clock += SESSION_TTL_MS - SESSION_RENEW_WINDOW_MS + DAY;
    const renewed = await client.get("/api/v1/me");
    expect(renewed.status).toBe(200);
    const cookie = sessionCookieOf(renewed);
    expect(cookie?.value).toBe(client.sessionToken); // same token, later expiry
    expect(Date.parse(cookie?.attributes.get("expires") ?? "")).toBeCloseTo(clock + SESSION_TTL_MS, -4);
  });

  test("an expired session is a 401 and its cookie is cleared", async () => {
    const client = createClient(server.url);
    await client.login(user.email, user.password);
    const token = client.sessionToken!;
    clock += SESSION_TTL_MS;
    const response = await client.get("/api/v1/me");
    expect(response.status).toBe(401);
    expect(sessionCookieOf(response)).toMatchObject({ value: "" });
    expect(sessionCookieOf(response)?.attributes.get("max-age")).toBe("0");
    expect(await db().prisma.session.findUnique({ where: { id: hashToken(token) } })).toBeNull();
  });

  test("an unknown session cookie is cleared and treated as signed out", async () => {
    const client = createClient(server.url);
    client.sessionToken = "a".repeat(32);
    const response = await client.get("/api/v1/me");
    expect(response.status).toBe(401);
    expect(sessionCookieOf(response)?.attributes.get("max-age")).toBe("0");
  });

  test("logout ends this session, clears the cookie and leaves the user's other sessions", async () => {
    const laptop = createClient(server.url);
    const phone = createClient(server.url);
    await laptop.login(user.email, user.password);
    await phone.login(user.email, user.password);
    const laptopToken = laptop.sessionToken!;

    const response = await laptop.post("/api/v1/auth/logout");
    expect(response.status).toBe(204);
    expect(sessionCookieOf(response)?.attributes.get("max-age")).toBe("0");
    expect(laptop.sessionToken).toBeUndefined();

    laptop.sessionToken = laptopToken; // a stolen copy of the cookie is useless now
    expect((await laptop.get("/api/v1/me")).status).toBe(401);
    expect((await phone.get("/api/v1/me")).status).toBe(200);
  });

  test("logout without a session is a 401", async () => {
    expect((await createClient(server.url).post("/api/v1/auth/logout")).status).toBe(401);
  });

  test("logout-everywhere ends every session of the user, on every device", async () => {
    const other = await createUser(server.services.auth);
    const devices = [createClient(server.url), createClient(server.url), createClient(server.url)];
    for (const d of devices) await d.login(user.email, user.password);
    const bystander = createClient(server.url);
    await bystander.login(other.email, other.password);
    const [first, ...rest] = devices as [ReturnType<typeof createClient>, ...ReturnType<typeof createClient>[]];

    const response = await first.post("/api/v1/auth/logout-everywhere");
    expect(response.status).toBe(200);
    const { sessionsEnded } = (await response.json()) as { sessionsEnded: number };
    expect(sessionsEnded).toBeGreaterThanOrEqual(3);
    expect(sessionCookieOf(response)?.attributes.get("max-age")).toBe("0");

    for (const d of rest) expect((await d.get("/api/v1/me")).status).toBe(401);
    expect(await db().prisma.session.count({ where: { userId: user.user.id } })).toBe(0);
    expect((await bystander.get("/api/v1/me")).status).toBe(200);
    const audit = await db().prisma.auditEvent.findFirst({
      where: { action: "user.signed_out_everywhere", actorId: user.user.id },
    });
    expect(audit?.data).toEqual({ sessions: sessionsEnded, apiTokens: 0 });
  });
});

describe("session cookie parsing", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ db: db() });
  });
  afterAll(() => server?.close());

  test.each(["%zz", "%E0%A4%A", "%", "a%20b"])("a garbled cookie value %s is treated as signed out, not a 500", async (value) => {
    const response = await fetch(`${server.url}/api/v1/me`, { headers: { Cookie: `other=1; precedent_session=${value}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "unauthenticated" } });
  });
});
