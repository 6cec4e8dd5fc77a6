import type * as Y from "yjs";
import { can, commentClientsOf } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import { recordAuditEvent } from "../audit/service.ts";
import { COMMENT_THREADS_PER_DOCUMENT_MAX } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { createDocumentAccess } from "../documents/access.ts";
import type { DocumentStateStore } from "../documents/state-store.ts";
import { forbidden, invalid, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { documentTextOf, placeOf, type Anchor, type AnchorPlace, type DocumentText } from "./anchors.ts";
import { notifyMentioned, type requireMentionable } from "./mentions.ts";
import { presentThread, type PresentedThread, type ThreadRow, type VisibilityOption } from "./presenter.ts";
import { IdSchema } from "./schema.ts";
import { threadResource, type DocumentResource, type ThreadVisibility } from "./visibility.ts";

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

/**
 * What every comment command and read starts from (ADR 031): the document as the viewer may read
 * it, its threads narrowed by `can()`, where each thread's anchor is in the stored draft, and the
 * one way a thread is created, audited and signalled. The commands are in comment-commands.ts and
 * word-threads.ts; service.ts puts them together.
 */
export function createThreadCore({ db, store, appUrl, onChanged }: CommentServiceDeps) {
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

  return { db, appUrl, requireReadable, withText, anchorOf, readableThreads, presentAll, presentOne, requireThread, visibilityOptions, clientNamesOf, changed, audit, insertThread, chooseVisibility };
}

export type ThreadCore = ReturnType<typeof createThreadCore>;
