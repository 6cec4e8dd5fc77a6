import { authorize } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import { invalid } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { anchorOfRange, placeOf, quoteBetween } from "./anchors.ts";
import { membersNamed } from "./mentions.ts";
import { authorNameOf } from "./presenter.ts";
import { ReplySchema } from "./schema.ts";
import type { ThreadCore } from "./threads.ts";
import { threadResource } from "./visibility.ts";

/** Word export's view of a thread: ProseMirror positions in the draft as stored now. */
export type ExportedThread = {
  from: number;
  to: number;
  quote: string;
  resolved: boolean;
  comments: { authorName: string; createdAt: string; body: string }[];
};

/** Threads to and from Word files (ADR 034): comments in an export, comments of an imported file. */
export function createWordThreads(core: ThreadCore) {
  const { db, requireReadable, withText, anchorOf, readableThreads, presentOne, insertThread, chooseVisibility } = core;
  return {
    /**
     * For the Word export: the threads this viewer may read, anchored in the draft as stored
     * now, with ProseMirror positions. Threads on deleted text have no place in the file and
     * are left out.
     */
    async threadsForExport(viewer: Viewer, documentId: unknown): Promise<ExportedThread[]> {
      const { doc, resource } = await requireReadable(viewer, documentId);
      const threads = await readableThreads(viewer, resource, doc.id);
      if (!threads.length) return [];
      return withText(doc.id, (text) =>
        threads.flatMap((t) => {
          const place = placeOf(text, anchorOf(t));
          if (place.state !== "anchored") return [];
          return [
            {
              from: place.from,
              to: place.to,
              quote: place.quote,
              resolved: t.resolvedAt !== null,
              comments: t.comments.map((c) => ({ authorName: authorNameOf(c), createdAt: c.createdAt.toISOString(), body: c.body })),
            },
          ];
        }),
      );
    },

    /**
     * For the Word import: a thread on ProseMirror positions of the stored draft. Replies come
     * in order; a comment's `authorName` (the file's author) is kept beside the importer.
     */
    async createThreadAtRange(
      viewer: Viewer,
      documentId: unknown,
      input: {
        from: number;
        to: number;
        visibility?: "INTERNAL" | "CLIENT";
        clientOrganizationId?: string;
        resolved?: boolean;
        comments: { body: string; authorName?: string; createdAt?: Date }[];
      },
    ) {
      const { doc, resource } = await requireReadable(viewer, documentId);
      const visibility = chooseVisibility(viewer, resource, input);
      authorize(viewer, "create", threadResource(resource, visibility));
      const [first, ...replies] = input.comments.map((c) => ({ ...c, body: parseInput(ReplySchema, { body: c.body }).body }));
      if (!first) throw invalid([{ path: "comments", message: "A thread needs a first comment." }]);
      const { anchor, quote } = await withText(doc.id, (text) => ({ anchor: anchorOfRange(text, input.from, input.to), quote: quoteBetween(text, input.from, input.to) }));
      const members = await membersNamed(db, resource, input.comments.flatMap((c) => (c.authorName ? [c.authorName] : [])));
      // A member is the author; anyone else is the importer's comment under the file's name.
      const author = (name: string | undefined) => {
        const member = name ? members.get(name.trim()) : undefined;
        return member ? { authorId: member, importedAuthorName: null } : { authorId: viewer.id, importedAuthorName: name ?? null };
      };
      const id = await insertThread(viewer, doc, { ...visibility, anchor, quote: quote || "(no text)", body: first.body, mentioned: [], ...author(first.authorName), createdAt: first.createdAt });
      if (replies.length || input.resolved) {
        await db.$transaction(async (tx) => {
          for (const reply of replies) {
            await tx.comment.create({ data: { threadId: id, ...author(reply.authorName), body: reply.body, createdAt: reply.createdAt } });
          }
          if (input.resolved) await tx.commentThread.update({ where: { id }, data: { resolvedAt: new Date(), resolvedById: viewer.id } });
        });
      }
      return presentOne(viewer, resource, doc.id, id);
    },
  };
}
