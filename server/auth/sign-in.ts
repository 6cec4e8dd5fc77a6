import { LOGIN_LIMIT_PER_ACCOUNT, LOGIN_LIMIT_PER_IP } from "../config.ts";
import { recordAuditEvent } from "../audit/service.ts";
import { invalidCredentials, tooManyRequests } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { verifyAgainstDummy, verifyPassword } from "./password.ts";
import { createRateLimiter } from "./rate-limit.ts";
import { LoginSchema } from "./schema.ts";
import type { AuthDeps } from "./service.ts";
import { loadViewer, type Viewer } from "./viewer.ts";

export type Authenticated = { viewer: Viewer; sessionId?: string; apiTokenId?: string };

/**
 * Sessions and sign-in: signing in with a password (rate-limited, docs/decisions/004), who a
 * request is (session cookie or Bearer API token), signing out here or everywhere.
 */
export function createSignInCommands({ db, sessions, apiTokens, onCredentialsEnded }: AuthDeps) {
  const perAccount = createRateLimiter(LOGIN_LIMIT_PER_ACCOUNT);
  const perIp = createRateLimiter(LOGIN_LIMIT_PER_IP);

  return {
    /**
     * Signs in. A wrong password and an unknown email give the same error after the same
     * work (one argon2 verification). Attempts are limited per account and per IP.
     */
    async login(raw: unknown, meta: { ip: string; userAgent?: string }) {
      const input = parseInput(LoginSchema, raw);
      const accountKey = `account:${input.email}`;
      const ipKey = `ip:${meta.ip}`;
      const ipVerdict = perIp.hit(ipKey);
      // The attempt counts before the (slow) password check, so parallel guesses cannot all pass
      // the limit before the first of them fails; a success resets the count.
      const accountVerdict = ipVerdict.allowed ? perAccount.hit(accountKey) : perAccount.check(accountKey);
      if (!ipVerdict.allowed || !accountVerdict.allowed) {
        throw tooManyRequests(Math.max(ipVerdict.retryAfterSeconds, accountVerdict.retryAfterSeconds));
      }
      const user = await db.user.findUnique({ where: { email: input.email } });
      const ok = user?.passwordHash
        ? await verifyPassword(user.passwordHash, input.password)
        : await verifyAgainstDummy(input.password);
      if (!user || !ok) throw invalidCredentials();
      perAccount.reset(accountKey);
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
    async authenticate({ sessionToken, bearerToken }: { sessionToken?: string; bearerToken?: string }): Promise<
      | { ok: true; auth: Authenticated; renewedSession?: { token: string; expiresAt: Date } }
      | { ok: false }
    > {
      if (bearerToken !== undefined) {
        const found = await apiTokens.validateApiToken(bearerToken);
        const viewer = found && (await loadViewer(db, found.userId));
        return viewer ? { ok: true, auth: { viewer, apiTokenId: found.tokenId } } : { ok: false };
      }
      if (sessionToken) {
        const session = await sessions.validateSessionToken(sessionToken);
        const viewer = session && (await loadViewer(db, session.userId));
        if (!session || !viewer) return { ok: false };
        const renewedSession = session.renewed ? { token: sessionToken, expiresAt: session.expiresAt } : undefined;
        return { ok: true, auth: { viewer, sessionId: session.id }, renewedSession };
      }
      return { ok: false };
    },

    async logout(auth: Authenticated) {
      if (auth.sessionId) {
        await sessions.invalidateSession(auth.sessionId);
        onCredentialsEnded?.({ sessionIds: [auth.sessionId] });
      }
    },

    async logoutEverywhere(viewer: Viewer) {
      const count = await sessions.invalidateUserSessions(viewer.id);
      onCredentialsEnded?.({ userIds: [viewer.id] });
      await recordAuditEvent(db, {
        organizationId: viewer.memberships[0]?.organizationId,
        actorId: viewer.id,
        action: "user.signed_out_everywhere",
        targetType: "user",
        targetId: viewer.id,
        data: { sessions: count },
      });
      return count;
    },
  };
}
