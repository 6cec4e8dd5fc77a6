import { can, commentClientsOf, type Resource } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";

/**
 * Who sees a comment thread, as `can()` decides it (server/auth/policy.ts, ADR 031). Every read
 * derives from these: the API's list, the live signal on the sync socket, the Word export.
 */
export type DocumentResource = Extract<Resource, { type: "document" }>;
export type ThreadVisibility = { visibility: "INTERNAL" | "CLIENT"; clientOrganizationId: string | null };

export const threadResource = (document: DocumentResource, thread: ThreadVisibility): Extract<Resource, { type: "commentThread" }> => ({
  type: "commentThread",
  document,
  visibility: thread.visibility,
  clientOrganizationId: thread.clientOrganizationId,
});

/**
 * Which threads' "comments changed" signals a sync socket may receive, decided once at its
 * upgrade (as read-only is): internal ones, and CLIENT ones of these organisations. A change of
 * access closes the socket (revocation), so this never outlives what it was derived from.
 */
export type CommentAudience = { readonly internal: boolean; readonly clientIds: readonly string[] };

export function commentAudienceOf(viewer: Viewer, document: DocumentResource): CommentAudience {
  return {
    internal: can(viewer, "read", threadResource(document, { visibility: "INTERNAL", clientOrganizationId: null })),
    clientIds: commentClientsOf(document).filter((clientId) =>
      can(viewer, "read", threadResource(document, { visibility: "CLIENT", clientOrganizationId: clientId })),
    ),
  };
}

export const audienceSees = (audience: CommentAudience, thread: ThreadVisibility): boolean =>
  thread.visibility === "INTERNAL" ? audience.internal : thread.clientOrganizationId !== null && audience.clientIds.includes(thread.clientOrganizationId);
