import { recordAuditEvent } from "../audit/service.ts";
import { API_TOKEN_MAX_LIFETIME_DAYS } from "../config.ts";
import { invalid } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { authorize } from "./policy.ts";
import { TokenCreateSchema } from "./schema.ts";
import type { AuthDeps } from "./service.ts";
import type { Viewer } from "./viewer.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A user's personal API tokens: create (the secret shown once), list, revoke, each audited; a
 * revoked token's open sync sockets close. The tokens' storage (hash, prefix, validation) is
 * api-token.ts.
 */
export function createApiTokenCommands({ db, now, apiTokens, onCredentialsEnded }: AuthDeps) {
  /** When a new token ends: `expiresInDays` from now, or `expiresAt` if 1 to API_TOKEN_MAX_LIFETIME_DAYS days away, or never (null). */
  function expiryOf(input: { expiresInDays?: number; expiresAt?: string }): Date | null {
    const t = now();
    if (input.expiresInDays !== undefined) return new Date(t + input.expiresInDays * DAY_MS);
    if (input.expiresAt === undefined) return null;
    const at = new Date(input.expiresAt);
    if (at.getTime() < t + DAY_MS || at.getTime() > t + API_TOKEN_MAX_LIFETIME_DAYS * DAY_MS) {
      throw invalid([{ path: "expiresAt", message: `A token expires between 1 and ${API_TOKEN_MAX_LIFETIME_DAYS} days from now.` }]);
    }
    return at;
  }

  return {
    /** A new token for the viewer, with an optional expiry; the secret is in the result only. Audited. */
    async createApiToken(viewer: Viewer, raw: unknown) {
      const input = parseInput(TokenCreateSchema, raw);
      const { name } = input;
      authorize(viewer, "create", { type: "apiToken", userId: viewer.id });
      const expiresAt = expiryOf(input);
      const created = await apiTokens.createApiToken(viewer.id, name, expiresAt);
      await recordAuditEvent(db, {
        organizationId: viewer.memberships[0]?.organizationId,
        actorId: viewer.id,
        action: "api_token.created",
        targetType: "api_token",
        targetId: created.record.id,
        data: { name, expiresAt: expiresAt?.toISOString() ?? null },
      });
      return created;
    },

    listApiTokens(viewer: Viewer) {
      return apiTokens.listApiTokens(viewer.id);
    },

    async revokeApiToken(viewer: Viewer, tokenId: string) {
      await apiTokens.revokeApiToken(viewer.id, tokenId);
      onCredentialsEnded?.({ apiTokenIds: [tokenId] });
      await recordAuditEvent(db, {
        organizationId: viewer.memberships[0]?.organizationId,
        actorId: viewer.id,
        action: "api_token.revoked",
        targetType: "api_token",
        targetId: tokenId,
      });
    },
  };
}
