// One's own account (the Account page and /api/v1/me/…): changing one's password, and one's
// sessions — listed, ended one by one or all but this one — never anyone else's.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CredentialsEnded } from "../../server/auth/service.ts";
import { createAuthService, type AuthService, type Authenticated } from "../../server/auth/index.ts";
import { createUser } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, expectError } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
const HERE = { ip: "192.0.2.10" };
const CHROME_ON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0";

let auth: AuthService;
/** Every credentials-ended call, as the sync server would get it (it closes those sockets). */
let ended: Parameters<CredentialsEnded>[0][];

beforeAll(() => {
  ended = [];
  auth = createAuthService({ db: db().prisma, onCredentialsEnded: (e) => ended.push(e) });
});

/** A user signed in on `devices` devices; the first is the one making requests. */
async function signedInUser(devices = 1) {
  const user = await createUser(auth);
  const sessions: Array<{ token: string; auth: Authenticated }> = [];
  for (let i = 0; i < devices; i++) {
    const { token, session, viewer } = await auth.login({ email: user.email, password: user.password }, { ...HERE, userAgent: i === 0 ? CHROME_ON_MAC : FIREFOX_ON_LINUX });
    sessions.push({ token, auth: { viewer, sessionId: session.id } });
  }
  return { ...user, sessions, here: sessions[0]!.auth };
}

const stillValid = async (token: string) => (await auth.sessions.validateSessionToken(token)) !== null;
const signsInWith = (email: string, password: string) =>
  auth.login({ email, password }, HERE).then(
    () => true,
    (error: { code?: string }) => (error.code === "invalid_credentials" ? false : Promise.reject(error)),
  );

describe("changing one's password", () => {
  const NEW = "a brand new passphrase";

  test("a wrong current password is refused beside that field, and nothing changes", async () => {
    const user = await signedInUser(2);
    const change = auth.changePassword(user.here, { currentPassword: "not my password", newPassword: NEW, confirmPassword: NEW }, HERE);
    await expect(change).rejects.toMatchObject({
      status: 400,
      details: { issues: [{ path: "currentPassword", message: "That is not your current password." }] },
    });
    expect(await signsInWith(user.email, user.password)).toBe(true);
    expect(await signsInWith(user.email, NEW)).toBe(false);
    for (const s of user.sessions) expect(await stillValid(s.token)).toBe(true);
  });

  test.each([
    [{ newPassword: "too short", confirmPassword: "too short" }, "newPassword", "Use at least 10 characters."],
    [{ newPassword: NEW, confirmPassword: "a brand new passphrasE" }, "confirmPassword", "The two new passwords do not match."],
    [{ newPassword: NEW, confirmPassword: "" }, "confirmPassword", "The two new passwords do not match."],
    [{ newPassword: "", confirmPassword: "" }, "newPassword", "Use at least 10 characters."],
  ])("a bad new password %o is refused on %s, and nothing changes", async (fields, path, message) => {
    const user = await signedInUser();
    const change = auth.changePassword(user.here, { currentPassword: user.password, ...fields }, HERE);
    await expect(change).rejects.toMatchObject({ status: 400, details: { issues: [{ path, message }] } });
    expect(await signsInWith(user.email, user.password)).toBe(true);
  });

  test("the same password again is refused", async () => {
    const user = await signedInUser();
    const change = auth.changePassword(user.here, { currentPassword: user.password, newPassword: user.password, confirmPassword: user.password }, HERE);
    await expect(change).rejects.toMatchObject({ details: { issues: [{ path: "newPassword" }] } });
  });

  test("the new password works and the old one no longer does; other sessions end (their sockets close), this one stays", async () => {
    const user = await signedInUser(3);
    const [here, ...others] = user.sessions;
    const token = await auth.createApiToken(user.here.viewer, { name: "script" });
    ended.length = 0;

    const result = await auth.changePassword(user.here, { currentPassword: user.password, newPassword: NEW, confirmPassword: NEW, signOutOtherSessions: true }, HERE);

    expect(result).toEqual({ otherSessionsEnded: 2 });
    expect(await signsInWith(user.email, NEW)).toBe(true);
    expect(await signsInWith(user.email, user.password)).toBe(false);
    expect(await stillValid(here!.token)).toBe(true);
    for (const s of others) expect(await stillValid(s.token)).toBe(false);
    expect(ended).toEqual([{ sessionIds: expect.arrayContaining(others.map((s) => s.auth.sessionId)) }]);
    // API tokens are listed and revoked on their own page: a password change leaves them.
    expect(await auth.apiTokens.validateApiToken(token.token)).not.toBeNull();
    const audit = await db().prisma.auditEvent.findFirst({ where: { action: "user.password_changed", actorId: user.user.id } });
    expect(audit?.data).toEqual({ otherSessionsEnded: 2 });
    expect(JSON.stringify(audit)).not.toContain(NEW);
  });

  test("asked to keep them, the other sessions stay signed in", async () => {
    const user = await signedInUser(2);
    ended.length = 0;
    const result = await auth.changePassword(user.here, { currentPassword: user.password, newPassword: NEW, confirmPassword: NEW, signOutOtherSessions: false }, HERE);
    expect(result).toEqual({ otherSessionsEnded: 0 });
    for (const s of user.sessions) expect(await stillValid(s.token)).toBe(true);
    expect(ended).toEqual([]);
    expect(await signsInWith(user.email, NEW)).toBe(true);
  });

  test("guessing the current password is throttled with sign-in: once refused, even the right one waits", async () => {
    const limits = { perAccountAndAddress: { max: 2, windowMs: 60_000 }, perAddress: { max: 50, windowMs: 60_000 }, perAccount: { max: 50, windowMs: 60_000 } };
    const throttled = createAuthService({ db: db().prisma, loginLimits: limits });
    const user = await createUser(throttled);
    const { session, viewer } = await throttled.login({ email: user.email, password: user.password }, HERE);
    const me: Authenticated = { viewer, sessionId: session.id };
    const elsewhere = { ip: "198.51.100.99" };
    // One guess at sign-in and one here use up the pair's allowance together.
    await expect(throttled.login({ email: user.email, password: "guess one" }, elsewhere)).rejects.toMatchObject({ code: "invalid_credentials" });
    await expect(throttled.changePassword(me, { currentPassword: "guess two", newPassword: NEW }, elsewhere)).rejects.toMatchObject({ status: 400 });
    await expect(throttled.changePassword(me, { currentPassword: user.password, newPassword: NEW }, elsewhere)).rejects.toMatchObject({
      status: 429,
      code: "rate_limited",
    });
    expect(await throttled.login({ email: user.email, password: user.password }, HERE)).toBeTruthy();
  });
});

describe("one's sessions", () => {
  test("lists only one's own sessions in force, this one marked, each with its device", async () => {
    const user = await signedInUser(2);
    const stranger = await signedInUser();
    const list = await auth.listSessions(user.here);
    expect(list.map((s) => s.id).sort()).toEqual(user.sessions.map((s) => s.auth.sessionId).sort());
    expect(list.find((s) => s.current)?.id).toBe(user.here.sessionId);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(list.map((s) => s.id)).not.toContain(stranger.here.sessionId);
    expect(list.find((s) => s.current)?.userAgent).toBe(CHROME_ON_MAC);
  });

  test("ends one of one's other sessions, and its sockets close", async () => {
    const user = await signedInUser(3);
    const [, phone, tablet] = user.sessions;
    ended.length = 0;
    await auth.endSession(user.here, phone!.auth.sessionId);
    expect(await stillValid(phone!.token)).toBe(false);
    expect(await stillValid(tablet!.token)).toBe(true);
    expect(await stillValid(user.sessions[0]!.token)).toBe(true);
    expect(ended).toEqual([{ sessionIds: [phone!.auth.sessionId] }]);
  });

  test("cannot end another user's session by its id: 404, and it stays signed in", async () => {
    const user = await signedInUser();
    const victim = await signedInUser();
    await expect(auth.endSession(user.here, victim.here.sessionId)).rejects.toMatchObject({ status: 404, code: "session_not_found" });
    expect(await stillValid(victim.sessions[0]!.token)).toBe(true);
  });

  test("an id that is no session is a 404; the session in use is signed out of, not ended here", async () => {
    const user = await signedInUser();
    for (const id of ["", "nope", "a".repeat(64), 42, null]) {
      await expect(auth.endSession(user.here, id)).rejects.toMatchObject({ status: 404 });
    }
    await expect(auth.endSession(user.here, user.here.sessionId)).rejects.toMatchObject({ status: 409, code: "current_session" });
    expect(await stillValid(user.sessions[0]!.token)).toBe(true);
  });

  test("signs out everywhere else: every other session ends, this one and other users' stay", async () => {
    const user = await signedInUser(3);
    const bystander = await signedInUser();
    ended.length = 0;
    expect(await auth.endOtherSessions(user.here)).toBe(2);
    expect(await stillValid(user.sessions[0]!.token)).toBe(true);
    for (const s of user.sessions.slice(1)) expect(await stillValid(s.token)).toBe(false);
    expect(await stillValid(bystander.sessions[0]!.token)).toBe(true);
    expect(ended).toEqual([{ sessionIds: expect.arrayContaining(user.sessions.slice(1).map((s) => s.auth.sessionId)) }]);
  });
});

describe("over the API", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ db: db() });
  });
  afterAll(() => server?.close());

  test("POST /me/password changes it; GET /me/sessions lists one's own; DELETE /me/sessions/:id ends one's own only", async () => {
    const user = await createUser(server.services.auth);
    const other = await createUser(server.services.auth);
    const laptop = createClient(server.url);
    const phone = createClient(server.url);
    const stranger = createClient(server.url);
    await laptop.login(user.email, user.password);
    await phone.login(user.email, user.password);
    await stranger.login(other.email, other.password);

    const listed = await laptop.get("/api/v1/me/sessions");
    expect(listed.status).toBe(200);
    const { sessions } = (await listed.json()) as { sessions: Array<{ id: string; device: string; signedInAt: string; expiresAt: string; current: boolean }> };
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions[0]).toEqual({ id: expect.stringMatching(/^[0-9a-f]{64}$/), device: "node", signedInAt: expect.any(String), expiresAt: expect.any(String), current: expect.any(Boolean) });
    const phoneSession = sessions.find((s) => !s.current)!;

    // Someone else's session by its id is as absent as a made-up one.
    await expectError(await stranger.delete(`/api/v1/me/sessions/${phoneSession.id}`), 404, "session_not_found");
    expect((await phone.get("/api/v1/me")).status).toBe(200);

    const wrong = await laptop.post("/api/v1/me/password", { currentPassword: "not it at all", newPassword: "the new passphrase" });
    const body = await expectError(wrong, 400, "invalid_request");
    expect(body.error.details).toEqual({ issues: [{ path: "currentPassword", message: "That is not your current password." }] });

    const changed = await laptop.post("/api/v1/me/password", { currentPassword: user.password, newPassword: "the new passphrase", signOutOtherSessions: false });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ otherSessionsEnded: 0 });
    expect((await phone.get("/api/v1/me")).status).toBe(200);

    expect((await laptop.delete(`/api/v1/me/sessions/${phoneSession.id}`)).status).toBe(204);
    expect((await phone.get("/api/v1/me")).status).toBe(401);
    expect((await laptop.get("/api/v1/me")).status).toBe(200);
  });
});
