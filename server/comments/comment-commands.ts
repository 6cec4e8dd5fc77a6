import { authorize } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import { conflict, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { anchorOfRange, decodeAnchorPosition, findQuote, quoteBetween, type Anchor } from "./anchors.ts";
import { notifyMentioned, requireMentionable } from "./mentions.ts";
import { CreateThreadSchema, EditCommentSchema, IdSchema, ReplySchema } from "./schema.ts";
import type { ThreadCore } from "./threads.ts";
import { threadResource } from "./visibility.ts";

/** Starting, replying to, editing, deleting, resolving and reopening threads: each asks `can()` about the thread, is audited and signalled. */
export function createCommentCommands(core: ThreadCore) {
  const { db, appUrl, requireReadable, withText, requireThread, presentOne, changed, audit, insertThread, chooseVisibility } = core;

  async function setResolved(viewer: Viewer, documentId: unknown, threadId: unknown, resolved: boolean) {
    const { doc, resource, thread } = await requireThread(viewer, documentId, threadId);
    authorize(viewer, "update", threadResource(resource, thread));
    if ((thread.resolvedAt !== null) === resolved) throw conflict(resolved ? "already_resolved" : "not_resolved", resolved ? "This thread is already resolved." : "This thread is open.");
    await db.$transaction(async (tx) => {
      await tx.commentThread.update({ where: { id: thread.id }, data: resolved ? { resolvedAt: new Date(), resolvedById: viewer.id } : { resolvedAt: null, resolvedById: null } });
      await audit(tx, viewer, doc, resolved ? "comment.thread.resolve" : "comment.thread.reopen", thread.id);
    });
    changed(doc.id, thread);
    return presentOne(viewer, resource, doc.id, thread.id);
  }

  return {
    /**
     * A new thread on a range. With an anchor (the editor's), it is stored as given even when
     * its text has not reached the server yet: the anchor names Yjs items, which resolve once
     * their update is stored; meanwhile the commenter's quote (bounded) stands for the text.
     * Without one, the quote is looked for in the draft.
     */
    async createThread(viewer: Viewer, documentId: unknown, rawInput: unknown) {
      const { doc, resource } = await requireReadable(viewer, documentId);
      const input = parseInput(CreateThreadSchema, rawInput);
      const visibility = chooseVisibility(viewer, resource, input);
      authorize(viewer, "create", threadResource(resource, visibility));
      let anchor: Anchor | null = null;
      let quote = input.quote;
      if (input.anchor) {
        decodeAnchorPosition(input.anchor.start, "start");
        decodeAnchorPosition(input.anchor.end, "end");
        anchor = input.anchor;
      } else {
        const found = await withText(doc.id, (text) => {
          const range = findQuote(text, input.quote);
          return range ? { anchor: anchorOfRange(text, range.from, range.to), quote: quoteBetween(text, range.from, range.to) } : null;
        });
        anchor = found?.anchor ?? null;
        quote = found?.quote ?? quote;
      }
      const mentioned = await requireMentionable(db, resource, input.mentions);
      const id = await insertThread(viewer, doc, { ...visibility, anchor, quote, body: input.body, mentioned });
      return presentOne(viewer, resource, doc.id, id);
    },

    async reply(viewer: Viewer, documentId: unknown, threadId: unknown, rawInput: unknown) {
      const { doc, resource, thread } = await requireThread(viewer, documentId, threadId);
      authorize(viewer, "create", threadResource(resource, thread));
      const input = parseInput(ReplySchema, rawInput);
      const mentioned = await requireMentionable(db, resource, input.mentions);
      await db.$transaction(async (tx) => {
        const comment = await tx.comment.create({
          data: { threadId: thread.id, authorId: viewer.id, body: input.body, mentions: { create: mentioned.map((m) => ({ userId: m.id })) } },
          select: { id: true },
        });
        await notifyMentioned(tx, { mentioned, authorId: viewer.id, authorName: viewer.name, document: doc, threadId: thread.id, commentId: comment.id, body: input.body, appUrl });
        await tx.commentThread.update({ where: { id: thread.id }, data: { updatedAt: new Date() } });
      });
      changed(doc.id, thread);
      return presentOne(viewer, resource, doc.id, thread.id);
    },

    /** Edits one's own comment; newly mentioned people are notified (those already mentioned are not again). */
    async editComment(viewer: Viewer, documentId: unknown, threadId: unknown, commentId: unknown, rawInput: unknown) {
      const { doc, resource, thread } = await requireThread(viewer, documentId, threadId);
      const id = parseInput(IdSchema, commentId);
      const comment = thread.comments.find((c) => c.id === id);
      if (!comment) throw notFound("comment");
      authorize(viewer, "update", { type: "comment", thread: threadResource(resource, thread), authorId: comment.importedAuthorName ? null : comment.authorId });
      const input = parseInput(EditCommentSchema, rawInput);
      const mentioned = await requireMentionable(db, resource, input.mentions);
      await db.$transaction(async (tx) => {
        await tx.comment.update({ where: { id }, data: { body: input.body, editedAt: new Date() } });
        await tx.commentMention.createMany({ data: mentioned.map((m) => ({ commentId: id, userId: m.id })), skipDuplicates: true });
        await notifyMentioned(tx, { mentioned, authorId: viewer.id, authorName: viewer.name, document: doc, threadId: thread.id, commentId: id, body: input.body, appUrl });
        await audit(tx, viewer, doc, "comment.edit", thread.id, { commentId: id });
      });
      changed(doc.id, thread);
      return presentOne(viewer, resource, doc.id, thread.id);
    },

    /** Deletes one's own comment; deleting a thread's first comment deletes the thread (as Google Docs does). */
    async deleteComment(viewer: Viewer, documentId: unknown, threadId: unknown, commentId: unknown) {
      const { doc, resource, thread } = await requireThread(viewer, documentId, threadId);
      const id = parseInput(IdSchema, commentId);
      const index = thread.comments.findIndex((c) => c.id === id);
      if (index < 0) throw notFound("comment");
      const comment = thread.comments[index]!;
      authorize(viewer, "delete", { type: "comment", thread: threadResource(resource, thread), authorId: comment.importedAuthorName ? null : comment.authorId });
      const threadDeleted = index === 0;
      await db.$transaction(async (tx) => {
        if (threadDeleted) await tx.commentThread.delete({ where: { id: thread.id } });
        else await tx.comment.delete({ where: { id } });
        await audit(tx, viewer, doc, threadDeleted ? "comment.thread.delete" : "comment.delete", thread.id, { commentId: id });
      });
      changed(doc.id, thread);
      return { deleted: threadDeleted ? ("thread" as const) : ("comment" as const) };
    },

    async resolve(viewer: Viewer, documentId: unknown, threadId: unknown) {
      return setResolved(viewer, documentId, threadId, true);
    },

    async reopen(viewer: Viewer, documentId: unknown, threadId: unknown) {
      return setResolved(viewer, documentId, threadId, false);
    },
  };
}
