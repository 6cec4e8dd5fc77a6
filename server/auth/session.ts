import { SESSION_RENEW_WINDOW_MS, SESSION_TTL_MS } from "../config.ts";
import type { Db } from "../db/database.ts";
import { generateToken, hashToken } from "./token.ts";

export type SessionRecord = { id: string; userId: string; expiresAt: Date };
/** A session as its owner sees it in their list: when it began, until when, and on what. */
export type SessionListing = SessionRecord & { createdAt: Date; userAgent: string | null };
export type ValidSession = SessionRecord & { renewed: boolean };

/** Lucia's design: the cookie holds a random token, the database only its SHA-256. */
export function createSessionStore(db: Db, now: () => number = Date.now) {
  /** `validateSessionToken` for many tokens in one look-up (a storm of sync sockets), answers in the order asked. */
  async function validateSessionTokens(tokens: string[]): Promise<Array<ValidSession | null>> {
    const ids = tokens.map((token) => (/^[a-z2-7]{32}$/.test(token) ? hashToken(token) : null));
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    const found = wanted.length
      ? await db.session.findMany({ where: { id: { in: wanted } }, select: { id: true, userId: true, expiresAt: true } })
      : [];
    const t = now();
    const valid = new Map<string, ValidSession>();
    for (const session of found) {
      if (session.expiresAt.getTime() <= t) {
        await db.session.deleteMany({ where: { id: session.id } });
      } else if (session.expiresAt.getTime() - t < SESSION_RENEW_WINDOW_MS) {
        const expiresAt = new Date(t + SESSION_TTL_MS);
        await db.session.update({ where: { id: session.id }, data: { expiresAt } });
        valid.set(session.id, { ...session, expiresAt, renewed: true });
      } else {
        valid.set(session.id, { ...session, renewed: false });
      }
    }
    return ids.map((id) => (id === null ? null : (valid.get(id) ?? null)));
  }

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
    async validateSessionToken(token: string): Promise<ValidSession | null> {
      return (await validateSessionTokens([token]))[0] ?? null;
    },

    validateSessionTokens,

    async invalidateSession(sessionId: string): Promise<void> {
      await db.session.deleteMany({ where: { id: sessionId } });
    },

    /** The user's sessions still in force, newest first. */
    listUserSessions(userId: string): Promise<SessionListing[]> {
      return db.session.findMany({
        where: { userId, expiresAt: { gt: new Date(now()) } },
        select: { id: true, userId: true, expiresAt: true, createdAt: true, userAgent: true },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      });
    },

    /** Ends one session, only if it is this user's: true when it ended one. */
    async invalidateUserSession(userId: string, sessionId: string): Promise<boolean> {
      const { count } = await db.session.deleteMany({ where: { id: sessionId, userId } });
      return count > 0;
    },

    /**
     * Ends every session of the user but `keepSessionId` (none kept when it is undefined: a
     * caller with an API token); returns the ids ended, so their sockets can close.
     */
    async invalidateOtherUserSessions(userId: string, keepSessionId: string | undefined, tx: Pick<Db, "session"> = db): Promise<string[]> {
      const where = { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) };
      const ended = await tx.session.findMany({ where, select: { id: true } });
      if (ended.length) await tx.session.deleteMany({ where: { id: { in: ended.map((s) => s.id) } } });
      return ended.map((s) => s.id);
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
