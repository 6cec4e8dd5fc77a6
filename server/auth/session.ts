import { SESSION_RENEW_WINDOW_MS, SESSION_TTL_MS } from "../config.ts";
import type { Db } from "../db/database.ts";
import { generateToken, hashToken } from "./token.ts";

export type SessionRecord = { id: string; userId: string; expiresAt: Date };

/** Lucia's design: the cookie holds a random token, the database only its SHA-256. */
export function createSessionStore(db: Db, now: () => number = Date.now) {
  return {
    async createSession(userId: string, userAgent?: string): Promise<{ token: string; session: SessionRecord }> {
      const token = generateToken();
      const session = await db.session.create({
        data: {
          id: hashToken(token),
          userId,
          expiresAt: new Date(now() + SESSION_TTL_MS),
          userAgent: userAgent?.slice(0, 255),
        },
        select: { id: true, userId: true, expiresAt: true },
      });
      return { token, session };
    },

    /** The session for a token, or null. Expiry slides: a session used in its second half is renewed. */
    async validateSessionToken(token: string): Promise<(SessionRecord & { renewed: boolean }) | null> {
      if (!/^[a-z2-7]{32}$/.test(token)) return null;
      const id = hashToken(token);
      const session = await db.session.findUnique({ where: { id }, select: { id: true, userId: true, expiresAt: true } });
      if (!session) return null;
      const t = now();
      if (session.expiresAt.getTime() <= t) {
        await db.session.deleteMany({ where: { id } });
        return null;
      }
      if (session.expiresAt.getTime() - t < SESSION_RENEW_WINDOW_MS) {
        const expiresAt = new Date(t + SESSION_TTL_MS);
        await db.session.update({ where: { id }, data: { expiresAt } });
        return { ...session, expiresAt, renewed: true };
      }
      return { ...session, renewed: false };
    },

    async invalidateSession(sessionId: string): Promise<void> {
      await db.session.deleteMany({ where: { id: sessionId } });
    },

    /** Sign out everywhere: every session of the user, on every device. */
    async invalidateUserSessions(userId: string): Promise<number> {
      const { count } = await db.session.deleteMany({ where: { userId } });
      return count;
    },

    async deleteExpiredSessions(): Promise<number> {
      const { count } = await db.session.deleteMany({ where: { expiresAt: { lte: new Date(now()) } } });
      return count;
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
