import type { AnchorPlace } from "./anchors.ts";

/** A thread as the API and the page show it: whitelisted fields, ISO dates, and what this viewer may do with it. */
export type ThreadRow = {
  id: string;
  visibility: "INTERNAL" | "CLIENT";
  clientOrganizationId: string | null;
  client: { id: string; name: string } | null;
  anchorStart: string | null;
  anchorEnd: string | null;
  quote: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: { id: string; name: string } | null;
  comments: CommentRow[];
};

export type CommentRow = {
  id: string;
  authorId: string | null;
  author: { id: string; name: string } | null;
  importedAuthorName: string | null;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  mentions: { user: { id: string; name: string } }[];
};

const FORMER_MEMBER = "A former member";

export const authorNameOf = (c: Pick<CommentRow, "author" | "importedAuthorName">) => c.importedAuthorName ?? c.author?.name ?? FORMER_MEMBER;

export function presentThread(thread: ThreadRow, place: AnchorPlace, viewerId: string, abilities: { reply: boolean; resolve: boolean }) {
  return {
    id: thread.id,
    visibility: thread.visibility,
    client: thread.client,
    /** Where it is in the editor's Y.Doc (the editor resolves these itself, against its newer text). */
    anchor: thread.anchorStart && thread.anchorEnd ? { start: thread.anchorStart, end: thread.anchorEnd } : null,
    /** anchored, deleted ("on deleted text") or pending (its text has not reached the server yet). */
    state: place.state,
    /** The text now under the anchor when it resolves, else the text commented on. */
    quote: place.state === "anchored" ? place.quote : thread.quote,
    range: place.state === "anchored" ? { from: place.from, to: place.to } : null,
    resolved: thread.resolvedAt !== null,
    resolvedAt: thread.resolvedAt?.toISOString() ?? null,
    resolvedBy: thread.resolvedBy,
    createdAt: thread.createdAt.toISOString(),
    abilities,
    comments: thread.comments.map((c) => ({
      id: c.id,
      author: c.importedAuthorName ? { id: null, name: c.importedAuthorName } : c.author ?? { id: null, name: FORMER_MEMBER },
      importedFromWord: c.importedAuthorName !== null,
      body: c.body,
      createdAt: c.createdAt.toISOString(),
      editedAt: c.editedAt?.toISOString() ?? null,
      mentions: c.mentions.map((m) => m.user),
      mine: c.authorId === viewerId && c.importedAuthorName === null,
    })),
  };
}

export type PresentedThread = ReturnType<typeof presentThread>;
export type PresentedComment = PresentedThread["comments"][number];

/** Where a new thread may be seen, as the composer offers it. */
export type VisibilityOption = { visibility: "INTERNAL" | "CLIENT"; clientOrganizationId: string | null; label: string };
