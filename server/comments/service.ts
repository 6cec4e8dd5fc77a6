import type { Viewer } from "../auth/viewer.ts";
import { parseInput } from "../validation.ts";
import { mentionableMembers } from "./mentions.ts";
import { MentionQuerySchema } from "./schema.ts";
import { createCommentCommands } from "./comment-commands.ts";
import { createThreadCore, type CommentServiceDeps } from "./threads.ts";
import { commentAudienceOf, type CommentAudience } from "./visibility.ts";
import { createWordThreads } from "./word-threads.ts";

export type { CommentServiceDeps } from "./threads.ts";
export type { ExportedThread } from "./word-threads.ts";

/**
 * Comment threads on documents (ADR 031): anchored on Yjs relative positions, kept out of the
 * Y.Doc, each INTERNAL or for one client organisation. Every read and write asks `can()` about
 * the thread (server/auth/policy.ts); a change tells the sockets that may see it to refetch
 * (`onChanged`, wired to the sync server), never what changed.
 *
 * This file holds the reads; comment-commands.ts the changes, word-threads.ts Word's threads,
 * threads.ts what they all start from. The service is one object, so callers see one API.
 */
export function createCommentService(deps: CommentServiceDeps) {
  const core = createThreadCore(deps);
  const { db, requireReadable, readableThreads, presentAll, visibilityOptions, clientNamesOf } = core;
  const { onRead } = deps;
  return {
    /** The threads the viewer may read, with where each is now, and what they may start. */
    async list(viewer: Viewer, documentId: unknown) {
      const { doc, resource } = await requireReadable(viewer, documentId);
      // Quotes are the document's words: reading them is reading the document.
      await onRead?.(viewer, doc);
      const threads = await presentAll(viewer, resource, doc.id, await readableThreads(viewer, resource, doc.id));
      return { threads, visibilityOptions: visibilityOptions(viewer, resource, await clientNamesOf(resource)) };
    },

    /**
     * Which threads' "changed" events this viewer's event stream on the document may carry:
     * the sync socket's rule (`commentAudienceOf`), from the resource the list reads with. A
     * document they may not read is a 404, as everywhere.
     */
    async eventAudience(viewer: Viewer, documentId: unknown): Promise<{ documentId: string; audience: CommentAudience }> {
      const { doc, resource } = await requireReadable(viewer, documentId);
      return { documentId: doc.id, audience: commentAudienceOf(viewer, resource) };
    },

    /** People the viewer may @mention on this document (the provider's members who read it), by name. */
    async mentionCandidates(viewer: Viewer, documentId: unknown, rawQuery: unknown) {
      const { resource } = await requireReadable(viewer, documentId);
      const { q } = parseInput(MentionQuerySchema, rawQuery ?? {});
      const people = await mentionableMembers(db, resource, { q });
      return people.map((p) => ({ id: p.id, name: p.name }));
    },
    ...createCommentCommands(core),
    ...createWordThreads(core),
  };
}

export type CommentService = ReturnType<typeof createCommentService>;
