import { API_TOKENS_PER_USER } from "../config.ts";
import type { Db } from "../db/database.ts";
import { conflict, notFound } from "../errors.ts";
import { generateToken, hashToken } from "./token.ts";

/** Personal API tokens carry a recognisable prefix so leaked ones can be found by scanners. */
export const API_TOKEN_PREFIX = "pct_";

export type ValidApiToken = { tokenId: string; userId: string; expiresAt: Date | null };

const TOKEN_SELECT = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true } as const;

export function createApiTokenStore(db: Db, now: () => number = Date.now) {
  /** Neither revoked nor expired. */
  const live = () => ({ revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date(now()) } }] });

  /**
   * `validateApiToken` for many tokens in one look-up (a storm of sync sockets), answers in
   * the order asked. Use is recorded at most once a minute: a write per request would be a write per request.
   */
  async function validateApiTokens(tokens: string[]): Promise<Array<ValidApiToken | null>> {
    const hashes = tokens.map((token) => (token.startsWith(API_TOKEN_PREFIX) && token.length <= 64 ? hashToken(token) : null));
    const wanted = [...new Set(hashes.filter((h): h is string => h !== null))];
    const records = wanted.length
      ? await db.apiToken.findMany({
          where: { tokenHash: { in: wanted } },
          select: { id: true, tokenHash: true, userId: true, revokedAt: true, lastUsedAt: true, expiresAt: true },
        })
      : [];
    const t = now();
    const usable = new Map(records.filter((r) => !r.revokedAt && !(r.expiresAt && r.expiresAt.getTime() <= t)).map((r) => [r.tokenHash, r]));
    const unrecorded = [...usable.values()].filter((r) => !r.lastUsedAt || t - r.lastUsedAt.getTime() > 60_000).map((r) => r.id);
    if (unrecorded.length) await db.apiToken.updateMany({ where: { id: { in: unrecorded } }, data: { lastUsedAt: new Date(t) } });
    return hashes.map((hash) => {
      const record = hash === null ? undefined : usable.get(hash);
      return record ? { tokenId: record.id, userId: record.userId, expiresAt: record.expiresAt } : null;
    });
  }

  return {
    /** Creates a token; the secret is returned here, once, and never again. */
    async createApiToken(userId: string, name: string, expiresAt: Date | null = null) {
      const active = await db.apiToken.count({ where: { userId, ...live() } });
      if (active >= API_TOKENS_PER_USER) {
        throw conflict("too_many_tokens", `A user may hold at most ${API_TOKENS_PER_USER} active API tokens.`);
      }
      const token = API_TOKEN_PREFIX + generateToken();
      const record = await db.apiToken.create({
        data: { userId, name, tokenHash: hashToken(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6), expiresAt },
        select: TOKEN_SELECT,
      });
      return { token, record };
    },

    /** The owner of a live token (not revoked, not expired), or null. */
    async validateApiToken(token: string): Promise<ValidApiToken | null> {
      return (await validateApiTokens([token]))[0] ?? null;
    },

    validateApiTokens,

    /** The user's tokens not revoked, newest first; expired ones too (marked by their expiresAt), until revoked. */
    listApiTokens(userId: string) {
      return db.apiToken.findMany({
        where: { userId, revokedAt: null },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        select: TOKEN_SELECT,
      });
    },

    /** Ends every token of the user (sign-out-everywhere, a password change); returns the ids ended. */
    async revokeUserApiTokens(userId: string): Promise<string[]> {
      const ended = await db.apiToken.findMany({ where: { userId, revokedAt: null }, select: { id: true } });
      if (ended.length === 0) return [];
      await db.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date(now()) } });
      return ended.map((t) => t.id);
    },

    async revokeApiToken(userId: string, tokenId: string): Promise<void> {
      const { count } = await db.apiToken.updateMany({
        where: { id: tokenId, userId, revokedAt: null },
        data: { revokedAt: new Date(now()) },
      });
      if (count === 0) throw notFound("API token");
    },
  };
}

export type ApiTokenStore = ReturnType<typeof createApiTokenStore>;
