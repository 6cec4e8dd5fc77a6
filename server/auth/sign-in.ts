import { recordAuditEvent } from "../audit/service.ts";
import { invalidCredentials, tooManyRequests } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { verifyAgainstDummy, verifyPassword } from "./password.ts";
import { LoginSchema } from "./schema.ts";
import type { AuthDeps } from "./service.ts";
import { loadViewer, loadViewers, type Viewer } from "./viewer.ts";

export type Authenticated = {
  viewer: Viewer;
  sessionId?: string;
  apiTokenId?: string;
  /** When the API token used expires (null/absent: it does not): a sync socket it opened closes then. */
  apiTokenExpiresAt?: Date | null;
};

export type Credentials = { sessionToken?: string; bearerToken?: string };
export type Authentication = { ok: true; auth: Authenticated; renewedSession?: { token: string; expiresAt: Date } } | { ok: false };

/** Each caller gets a viewer of its own: a request may change its own (noteJoinedTeam). */
const copyOf = (viewer: Viewer): Viewer => ({ ...viewer, memberships: [...viewer.memberships], clientAccess: { ...viewer.clientAccess } });

/**
 * Sessions and sign-in: signing in with a password (rate-limited, docs/decisions/004), who a
 * request is (session cookie or Bearer API token), signing out here or everywhere.
 */
export function createSignInCommands({ db, now, sessions, apiTokens, onCredentialsEnded, loginThrottle: throttle, endUserCredentials }: AuthDeps) {
  /**
   * `authenticate` for many callers in three look-ups, whatever their number (tokens, sessions,
   * viewers), answers in the order asked: a storm of reconnecting sync sockets does not queue
   * on the database one socket at a time.
   */
  async function authenticateMany(many: Credentials[]): Promise<Authentication[]> {
    const bearers = many.filter((c) => c.bearerToken !== undefined).map((c) => c.bearerToken!);
    const cookies = many.filter((c) => c.bearerToken === undefined && c.sessionToken).map((c) => c.sessionToken!);
    const [tokens, sessionList] = await Promise.all([apiTokens.validateApiTokens(bearers), sessions.validateSessionTokens(cookies)]);
    const tokenOf = new Map(bearers.map((b, i) => [b, tokens[i] ?? null]));
    const sessionOf = new Map(cookies.map((c, i) => [c, sessionList[i] ?? null]));
    const userIds = [...tokens, ...sessionList].flatMap((found) => (found ? [found.userId] : []));
    const viewers = await loadViewers(db, userIds, new Date(now()));
    return many.map(({ bearerToken, sessionToken }): Authentication => {
      if (bearerToken !== undefined) {
        const found = tokenOf.get(bearerToken);
        const viewer = found && viewers.get(found.userId);
        return viewer ? { ok: true, auth: { viewer: copyOf(viewer), apiTokenId: found.tokenId, apiTokenExpiresAt: found.expiresAt } } : { ok: false };
      }
      const session = sessionToken ? sessionOf.get(sessionToken) : null;
      const viewer = session && viewers.get(session.userId);
      if (!session || !viewer) return { ok: false };
      const renewedSession = session.renewed ? { token: sessionToken!, expiresAt: session.expiresAt } : undefined;
      return { ok: true, auth: { viewer: copyOf(viewer), sessionId: session.id }, renewedSession };
    });
  }

  return {
    /**
     * Signs in. A wrong password and an unknown email give the same error after the same
     * work (one argon2 verification). Failed attempts are limited per (account, address), per
     * address and, more loosely, per account (login-throttle.ts); a success counts against none.
     */
    async login(raw: unknown, meta: { ip: string; userAgent?: string }) {
      const input = parseInput(LoginSchema, raw);
      const verdict = await throttle.begin(input.email, meta.ip, now());
      if (!verdict.allowed) throw tooManyRequests(verdict.retryAfterSeconds);
      const user = await db.user.findUnique({ where: { email: input.email } });
      const ok = user?.passwordHash
        ? await verifyPassword(user.passwordHash, input.password)
        : await verifyAgainstDummy(input.password);
      if (!user || !ok) throw invalidCredentials();
      await throttle.succeeded(input.email, meta.ip, now());
      const viewer = await loadViewer(db, user.id);
      if (!viewer || viewer.memberships.length === 0) throw invalidCredentials();
      const { token, session } = await sessions.createSession(user.id, meta.userAgent);
      await recordAuditEvent(db, {
        organizationId: viewer.memberships[0]?.organizationId,
        actorId: user.id,
        action: "user.signed_in",
        targetType: "user",
        targetId: user.id,
      });
      return { token, session, viewer };
    },

    /** Who is calling: a Bearer API token wins over a session cookie. */
    async authenticate(credentials: Credentials): Promise<Authentication> {
      return (await authenticateMany([credentials]))[0]!;
    },

    authenticateMany,

    async logout(auth: Authenticated) {
      if (auth.sessionId) {
        await sessions.invalidateSession(auth.sessionId);
        onCredentialsEnded?.({ sessionIds: [auth.sessionId] });
      }
    },

    /** Ends every session and every API token of the user, on every device; their open sockets close. Returns the sessions ended. */
    async logoutEverywhere(viewer: Viewer) {
      const ended = await endUserCredentials(viewer.id);
      await recordAuditEvent(db, {
        organizationId: viewer.memberships[0]?.organizationId,
        actorId: viewer.id,
        action: "user.signed_out_everywhere",
        targetType: "user",
        targetId: viewer.id,
        data: ended,
      });
      return ended.sessions;
    },
  };
}
