import { recordAuditEvent, type AuditWriter } from "../audit/service.ts";
import { conflict, invalid, notFound, tooManyRequests } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { PasswordChangeSchema, SessionIdSchema } from "./schema.ts";
import type { AuthDeps } from "./service.ts";
import type { Authenticated } from "./sign-in.ts";
import type { Viewer } from "./viewer.ts";

const WRONG_PASSWORD = "That is not your current password.";

/**
 * A person's own account: changing their password, and their sessions (the list, ending one,
 * ending all but this one). Only ever their own: another user's session id is as absent as a
 * made-up one.
 */
export function createAccountCommands({ db, now, sessions, onCredentialsEnded, loginThrottle }: AuthDeps) {
  const audit = (writer: AuditWriter, viewer: Viewer, action: string, data: Record<string, number>) =>
    recordAuditEvent(writer, { organizationId: viewer.memberships[0]?.organizationId, actorId: viewer.id, action, targetType: "user", targetId: viewer.id, data });

  return {
    /**
     * Changes the signed-in person's password. The current password is checked under the
     * sign-in throttle (the same counts: guessing here is guessing at sign-in); a wrong one is a
     * field error and changes nothing. Their other sessions end unless they ask to keep them,
     * and those sessions' sockets close; the session making the change stays signed in. API
     * tokens stay (they are listed and revoked on their own page).
     */
    async changePassword(auth: Authenticated, raw: unknown, meta: { ip: string }) {
      const { viewer, sessionId } = auth;
      const input = parseInput(PasswordChangeSchema, raw);
      const verdict = await loginThrottle.begin(viewer.email, meta.ip, now());
      if (!verdict.allowed) throw tooManyRequests(verdict.retryAfterSeconds);
      const user = await db.user.findUnique({ where: { id: viewer.id }, select: { passwordHash: true } });
      if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw invalid([{ path: "currentPassword", message: WRONG_PASSWORD }]);
      }
      await loginThrottle.succeeded(viewer.email, meta.ip, now());
      const passwordHash = await hashPassword(input.newPassword);
      const ended = await db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: viewer.id }, data: { passwordHash } });
        const endedIds = input.signOutOtherSessions ? await sessions.invalidateOtherUserSessions(viewer.id, sessionId, tx) : [];
        await audit(tx, viewer, "user.password_changed", { otherSessionsEnded: endedIds.length });
        return endedIds;
      });
      if (ended.length) onCredentialsEnded?.({ sessionIds: ended });
      return { otherSessionsEnded: ended.length };
    },

    /** The viewer's sessions in force, newest first, the one in use (if any) marked. */
    async listSessions(auth: Authenticated) {
      const list = await sessions.listUserSessions(auth.viewer.id);
      return list.map((s) => ({ ...s, current: s.id === auth.sessionId }));
    },

    /** Ends one of the viewer's other sessions (its sockets close). Someone else's is a 404; the one in use is signed out of instead. */
    async endSession(auth: Authenticated, rawSessionId: unknown) {
      const parsed = SessionIdSchema.safeParse(rawSessionId);
      if (!parsed.success) throw notFound("session");
      if (parsed.data === auth.sessionId) throw conflict("current_session", "This is the session you are using: sign out instead.");
      if (!(await sessions.invalidateUserSession(auth.viewer.id, parsed.data))) throw notFound("session");
      onCredentialsEnded?.({ sessionIds: [parsed.data] });
      await audit(db, auth.viewer, "user.session_ended", { sessions: 1 });
    },

    /** Signs the viewer out on every other device; this session stays. Returns how many ended. */
    async endOtherSessions(auth: Authenticated) {
      const ended = await sessions.invalidateOtherUserSessions(auth.viewer.id, auth.sessionId);
      if (ended.length) onCredentialsEnded?.({ sessionIds: ended });
      await audit(db, auth.viewer, "user.signed_out_elsewhere", { sessions: ended.length });
      return ended.length;
    },
  };
}
