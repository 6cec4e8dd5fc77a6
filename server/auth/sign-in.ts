import { recordAuditEvent } from "../audit/service.ts";
import { invalidCredentials, tooManyRequests } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { verifyAgainstDummy, verifyPassword } from "./password.ts";
import { createLoginThrottle } from "./login-throttle.ts";
import { LoginSchema } from "./schema.ts";
import type { AuthDeps } from "./service.ts";
import { loadViewer, type Viewer } from "./viewer.ts";

export type Authenticated = {
  viewer: Viewer;
  sessionId?: string;
  apiTokenId?: string;
  /** When the API token used expires (null/absent: it does not): a sync socket it opened closes then. */
  apiTokenExpiresAt?: Date | null;
};

/**
 * Sessions and sign-in: signing in with a password (rate-limited, docs/decisions/004), who a
 * request is (session cookie or Bearer API token), signing out here or everywhere.
 */
export function createSignInCommands({ db, now, sessions, apiTokens, onCredentialsEnded, loginLimits, loginStore, endUserCredentials }: AuthDeps) {
  const throttle = createLoginThrottle(loginLimits, loginStore);

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
    async authenticate({ sessionToken, bearerToken }: { sessionToken?: string; bearerToken?: string }): Promise<
      | { ok: true; auth: Authenticated; renewedSession?: { token: string; expiresAt: Date } }
      | { ok: false }
    > {
      if (bearerToken !== undefined) {
        const found = await apiTokens.validateApiToken(bearerToken);
        const viewer = found && (await loadViewer(db, found.userId, new Date(now())));
        return viewer ? { ok: true, auth: { viewer, apiTokenId: found.tokenId, apiTokenExpiresAt: found.expiresAt } } : { ok: false };
      }
      if (sessionToken) {
        const session = await sessions.validateSessionToken(sessionToken);
        const viewer = session && (await loadViewer(db, session.userId, new Date(now())));
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
