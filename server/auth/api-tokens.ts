import { recordAuditEvent } from "../audit/service.ts";
import { parseInput } from "../validation.ts";
import { authorize } from "./policy.ts";
import { TokenCreateSchema } from "./schema.ts";
import type { AuthDeps } from "./service.ts";
import type { Viewer } from "./viewer.ts";

/**
 * A user's personal API tokens: create (the secret shown once), list, revoke, each audited; a
 * revoked token's open sync sockets close. The tokens' storage (hash, prefix, validation) is
 * api-token.ts.
 */
export function createApiTokenCommands({ db, apiTokens, onCredentialsEnded }: AuthDeps) {
  return {
    async createApiToken(viewer: Viewer, raw: unknown) {
      const { name } = parseInput(TokenCreateSchema, raw);
      authorize(viewer, "create", { type: "apiToken", userId: viewer.id });
      const created = await apiTokens.createApiToken(viewer.id, name);
      await recordAuditEvent(db, {
        organizationId: viewer.memberships[0]?.organizationId,
        actorId: viewer.id,
        action: "api_token.created",
        targetType: "api_token",
        targetId: created.record.id,
        data: { name },
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
