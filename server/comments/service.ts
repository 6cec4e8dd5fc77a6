import type * as Y from "yjs";
import { authorize, can, commentClientsOf } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import { recordAuditEvent } from "../audit/service.ts";
import { COMMENT_THREADS_PER_DOCUMENT_MAX } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { createDocumentAccess } from "../documents/access.ts";
import type { DocumentStateStore } from "../documents/state-store.ts";
import { conflict, forbidden, invalid, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { anchorOfRange, decodeAnchorPosition, documentTextOf, findQuote, placeOf, quoteBetween, type Anchor, type AnchorPlace, type DocumentText } from "./anchors.ts";
import { membersNamed, mentionableMembers, notifyMentioned, requireMentionable } from "./mentions.ts";
import { authorNameOf, presentThread, type PresentedThread, type ThreadRow, type VisibilityOption } from "./presenter.ts";
import { CreateThreadSchema, EditCommentSchema, IdSchema, MentionQuerySchema, ReplySchema } from "./schema.ts";
import { commentAudienceOf, threadResource, type CommentAudience, type DocumentResource, type ThreadVisibility } from "./visibility.ts";

/**
 * Comment threads on documents (ADR 031): anchored on Yjs relative positions, kept out of the
 * Y.Doc, each INTERNAL or for one client organisation. Every read and write asks `can()` about
 * the thread (server/auth/policy.ts); a change tells the sockets that may see it to refetch
 * (`onChanged`, wired to the sync server), never what changed.
 */
export type CommentServiceDeps = {
  db: Db;
  store: Pick<DocumentStateStore, "loadState">;
  /** Links in mention mail start here. */
  appUrl: string;
  /** A thread of this visibility changed on the document: the sync server signals its audience. */
  onChanged?: (documentId: string, thread: ThreadVisibility) => void;
  /** Someone listed a document's comments: the access record (client material only). Must not throw. */
  onRead?: (viewer: Viewer, doc: { id: string; clientOrganizationId: string | null }) => Promise<void>;
};

const THREAD_INCLUDE = {
  client: { select: { id: true, name: true } },
  resolvedBy: { select: { id: true, name: true } },
  comments: {
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { author: { select: { id: true, name: true } }, mentions: { select: { user: { select: { id: true, name: true } } } } },
  },
} as const satisfies Prisma.CommentThreadInclude;

/** Word export's view of a thread: ProseMirror positions in the draft as stored now. */
export type ExportedThread = {
  from: number;
  to: number;
  quote: string;
  resolved: boolean;
  comments: { authorName: string; createdAt: string; body: string }[];
};

export function createCommentService({ db, store, appUrl, onChanged, onRead }: CommentServiceDeps) {
  const access = createDocumentAccess(db);

  /** The document, or 404 for someone who may not read it (as everywhere). */
  async function requireReadable(viewer: Viewer, documentId: unknown) {
    const { doc, resource } = await access.requireDocument(viewer, documentId, "read");
    return { doc, resource };
  }

  /** The stored draft as ProseMirror text, for `use`; the copy is dropped afterwards. */
  async function withText<T>(documentId: string, use: (text: DocumentText) => T): Promise<T> {
    const loaded = await store.loadState(documentId);
    const ydoc: Y.Doc = loaded.doc;
    try {
      return use(documentTextOf(ydoc));
    } finally {
      ydoc.destroy();
    }
  }

  const anchorOf = (t: { anchorStart: string | null; anchorEnd: string | null }): Anchor | null =>
    t.anchorStart && t.anchorEnd ? { start: t.anchorStart, end: t.anchorEnd } : null;

  /** The threads of a document this viewer may read, oldest first. Clients are narrowed in the query too, not only after it. */
  async function readableThreads(viewer: Viewer, resource: DocumentResource, documentId: string, where: Prisma.CommentThreadWhereInput = {}) {
    const staff = can(viewer, "read", threadResource(resource, { visibility: "INTERNAL", clientOrganizationId: null }));
    const clientIds = viewer.memberships.filter((m) => m.role === "CLIENT").map((m) => m.organizationId);
    const rows = await db.commentThread.findMany({
      where: { documentId, ...where, ...(staff ? {} : { visibility: "CLIENT", clientOrganizationId: { in: clientIds } }) },
      include: THREAD_INCLUDE,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: COMMENT_THREADS_PER_DOCUMENT_MAX,
    });
    return rows.filter((t) => can(viewer, "read", threadResource(resource, t)));
  }

  function present(viewer: Viewer, resource: DocumentResource, thread: ThreadRow, place: AnchorPlace): PresentedThread {
    const allowed = can(viewer, "update", threadResource(resource, thread));
    return presentThread(thread, place, viewer.id, { reply: allowed, resolve: allowed });
  }

  async function presentAll(viewer: Viewer, resource: DocumentResource, documentId: string, threads: ThreadRow[]) {
    if (threads.length === 0) return [];
    return withText(documentId, (text) => threads.map((t) => present(viewer, resource, t, placeOf(text, anchorOf(t)))));
  }

  async function requireThread(viewer: Viewer, documentId: unknown, threadId: unknown) {
    const { doc, resource } = await requireReadable(viewer, documentId);
    const id = parseInput(IdSchema, threadId);
    const [thread] = await readableThreads(viewer, resource, doc.id, { id });
    // A thread this viewer may not read is as absent as a made-up id.
    if (!thread) throw notFound("comment_thread");
    return { doc, resource, thread };
  }

  /** Where new threads by this viewer may be seen: internal (staff), or visible to one client. */
  function visibilityOptions(viewer: Viewer, resource: DocumentResource, clientNames: Map<string, string>): VisibilityOption[] {
    const options: VisibilityOption[] = [];
    const internal = { visibility: "INTERNAL" as const, clientOrganizationId: null };
    if (can(viewer, "create", threadResource(resource, internal))) options.push({ ...internal, label: "Internal (the provider's team only)" });
    for (const clientId of commentClientsOf(resource)) {
      const option = { visibility: "CLIENT" as const, clientOrganizationId: clientId };
      if (can(viewer, "create", threadResource(resource, option))) options.push({ ...option, label: `Visible to ${clientNames.get(clientId) ?? "the client"}` });
    }
    return options;
  }

  async function clientNamesOf(resource: DocumentResource) {
    const ids = commentClientsOf(resource);
    if (!ids.length) return new Map<string, string>();
    const orgs = await db.organization.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
    return new Map(orgs.map((o) => [o.id, o.name]));
  }

  function changed(documentId: string, thread: ThreadVisibility) {
    onChanged?.(documentId, { visibility: thread.visibility, clientOrganizationId: thread.clientOrganizationId });
  }

  const audit = (tx: Pick<Db, "auditEvent">, viewer: Viewer, doc: { id: string; organizationId: string }, action: string, threadId: string, data: Prisma.InputJsonValue = {}) =>
    recordAuditEvent(tx, { organizationId: doc.organizationId, actorId: viewer.id, action, targetType: "commentThread", targetId: threadId, data: { documentId: doc.id, ...(data as object) } });

  /** One thread as the viewer sees it now. */
  async function presentOne(viewer: Viewer, resource: DocumentResource, documentId: string, threadId: string) {
    const [thread] = await readableThreads(viewer, resource, documentId, { id: threadId });
    if (!thread) throw notFound("comment_thread");
    const [presented] = await presentAll(viewer, resource, documentId, [thread]);
    return presented!;
  }

  /** Creates a thread with its first comment, its mentions notified, in one transaction. */
  async function insertThread(
    viewer: Viewer,
    doc: { id: string; title: string; organizationId: string },
    fields: ThreadVisibility & {
      anchor: Anchor | null;
      quote: string;
      body: string;
      mentioned: Awaited<ReturnType<typeof requireMentionable>>;
      /** From a Word file: its author, a member (authorId) or a name kept as text. */
      authorId?: string;
      importedAuthorName?: string | null;
      createdAt?: Date;
    },
  ) {
    const threadId = await db.$transaction(async (tx) => {
      const thread = await tx.commentThread.create({
        data: {
          documentId: doc.id,
          visibility: fields.visibility,
          clientOrganizationId: fields.clientOrganizationId,
          anchorStart: fields.anchor?.start ?? null,
          anchorEnd: fields.anchor?.end ?? null,
          quote: fields.quote,
          createdById: viewer.id,
          comments: {
            create: {
              authorId: fields.authorId ?? viewer.id,
              importedAuthorName: fields.importedAuthorName ?? null,
              body: fields.body,
              createdAt: fields.createdAt,
              mentions: { create: fields.mentioned.map((m) => ({ userId: m.id })) },
            },
          },
        },
        select: { id: true, comments: { select: { id: true } } },
      });
      await notifyMentioned(tx, {
        mentioned: fields.mentioned,
        authorId: viewer.id,
        authorName: viewer.name,
        document: doc,
        threadId: thread.id,
        commentId: thread.comments[0]!.id,
        body: fields.body,
        appUrl,
      });
      await audit(tx, viewer, doc, "comment.thread.create", thread.id, { visibility: fields.visibility, clientOrganizationId: fields.clientOrganizationId });
      return thread.id;
    });
    changed(doc.id, fields);
    return threadId;
  }

  /** The visibility a new thread gets: a client's is always theirs; staff choose (internal by default). */
  function chooseVisibility(viewer: Viewer, resource: DocumentResource, asked: { visibility?: "INTERNAL" | "CLIENT"; clientOrganizationId?: string }): ThreadVisibility {
    const staff = can(viewer, "create", threadResource(resource, { visibility: "INTERNAL", clientOrganizationId: null }));
    if (!staff) {
      if (asked.visibility === "INTERNAL") throw forbidden("A client's comments are seen by the provider's team and their own organisation.");
      const clientId =
        asked.clientOrganizationId ??
        commentClientsOf(resource).find((id) => can(viewer, "create", threadResource(resource, { visibility: "CLIENT", clientOrganizationId: id })));
      if (!clientId) throw forbidden("You cannot comment on this document.");
      return { visibility: "CLIENT", clientOrganizationId: clientId };
    }
    if ((asked.visibility ?? "INTERNAL") === "INTERNAL") {
      if (asked.clientOrganizationId) throw invalid([{ path: "clientOrganizationId", message: "An internal thread is visible to no client." }]);
      return { visibility: "INTERNAL", clientOrganizationId: null };
    }
    const candidates = commentClientsOf(resource);
    const clientId = asked.clientOrganizationId ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (!clientId) {
      throw invalid(
        [{ path: "clientOrganizationId", message: candidates.length ? "Choose which client sees it." : "This document is neither a client's material nor shared with a client." }],
      );
    }
    return { visibility: "CLIENT", clientOrganizationId: clientId };
  }

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

    /** People the viewer may @mention on this document (the provider's members who read it), by name. */
    async mentionCandidates(viewer: Viewer, documentId: unknown, rawQuery: unknown) {
      const { resource } = await requireReadable(viewer, documentId);
      const { q } = parseInput(MentionQuerySchema, rawQuery ?? {});
      const people = await mentionableMembers(db, resource, { q });
      return people.map((p) => ({ id: p.id, name: p.name }));
    },

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
}

export type CommentService = ReturnType<typeof createCommentService>;
