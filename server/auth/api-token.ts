import { API_TOKENS_PER_USER } from "../config.ts";
import type { Db } from "../db/database.ts";
import { conflict, notFound } from "../errors.ts";
import { generateToken, hashToken } from "./token.ts";

/** Personal API tokens carry a recognisable prefix so leaked ones can be found by scanners. */
export const API_TOKEN_PREFIX = "pct_";

export function createApiTokenStore(db: Db, now: () => number = Date.now) {
  return {
    /** Creates a token; the secret is returned here, once, and never again. */
    async createApiToken(userId: string, name: string) {
      const active = await db.apiToken.count({ where: { userId, revokedAt: null } });
      if (active >= API_TOKENS_PER_USER) {
        throw conflict("too_many_tokens", `A user may hold at most ${API_TOKENS_PER_USER} active API tokens.`);
      }
      const token = API_TOKEN_PREFIX + generateToken();
      const record = await db.apiToken.create({
        data: { userId, name, tokenHash: hashToken(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6) },
        select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
      });
      return { token, record };
    },

    /** The owner of a live token, or null. */
    async validateApiToken(token: string): Promise<{ tokenId: string; userId: string } | null> {
      if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 64) return null;
      const record = await db.apiToken.findUnique({
        where: { tokenHash: hashToken(token) },
        select: { id: true, userId: true, revokedAt: true, lastUsedAt: true },
      });
      if (!record || record.revokedAt) return null;
      // Record use at most once a minute: a write per request would be a write per request.
      if (!record.lastUsedAt || now() - record.lastUsedAt.getTime() > 60_000) {
        await db.apiToken.update({ where: { id: record.id }, data: { lastUsedAt: new Date(now()) } });
      }
      return { tokenId: record.id, userId: record.userId };
    },

    listApiTokens(userId: string) {
      return db.apiToken.findMany({
        where: { userId, revokedAt: null },
        orderBy: { createdAt: "desc" },
        select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
      });
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
