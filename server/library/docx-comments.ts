import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import type { ICommentOptions } from "docx";
import { Paragraph } from "docx";
import type { CommentAnchors } from "./docx-markers.ts";
import { decodeXml, isoDate, UNKNOWN_AUTHOR, xmlAttributes } from "./word-xml.ts";

/**
 * Word comments as Precedent comment threads and back. A thread is its first comment and the
 * replies to it; Word links a reply to its parent in word/commentsExtended.xml (`w15:commentEx`,
 * by the `w14:paraId` of each comment's last paragraph), where `w15:done` marks it resolved.
 * A file without that part (older Word, other writers) has no replies: each comment is a thread.
 */

export type WordComment = { authorName: string; authorInitials?: string; createdAt?: string; body: string };

/** A thread read from a Word file: `from` / `to` are ProseMirror positions in the content read with it; `quote` the text between. */
export type WordThread = { from: number; to: number; quote: string; resolved: boolean; comments: WordComment[] };

/** A thread to write into a Word file: positions in the content exported with it; the first comment opens it, the rest reply. */
export type DocxThread = { from: number; to: number; resolved: boolean; comments: { authorName: string; createdAt: string; body: string }[] };

type CommentPart = { id: string; comment: WordComment; paraId: string | undefined };

const COMMENT = /<w:comment\b((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(?:\/>|>([\s\S]*?)<\/w:comment>)/g;
const PARAGRAPH = /<w:p\b((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(?:\/>|>([\s\S]*?)<\/w:p>)/g;
const PARAGRAPH_TEXT = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)\b[^>]*\/>/g;

const paragraphText = (xml: string) =>
  [...xml.matchAll(PARAGRAPH_TEXT)].map((m) => (m[2] ? (m[2] === "tab" ? "\t" : "\n") : decodeXml(m[1]!))).join("");

function readComments(commentsXml: string): CommentPart[] {
  return [...commentsXml.matchAll(COMMENT)].map((match) => {
    const attributes = xmlAttributes(match[1] ?? "");
    const paragraphs = [...(match[2] ?? "").matchAll(PARAGRAPH)];
    const initials = attributes["w:initials"]?.trim();
    const createdAt = isoDate(attributes["w:date"]);
    return {
      id: attributes["w:id"] ?? "",
      paraId: paragraphs.length ? xmlAttributes(paragraphs.at(-1)![1] ?? "")["w14:paraId"] : undefined,
      comment: {
        authorName: attributes["w:author"]?.trim() || UNKNOWN_AUTHOR,
        ...(initials ? { authorInitials: initials } : {}),
        ...(createdAt ? { createdAt } : {}),
        body: paragraphs.map((p) => paragraphText(p[2] ?? "")).join("\n").trim(),
      },
    };
  });
}

/** Each comment's `w15:commentEx`, by paraId: its parent's paraId, and whether it is done. */
function readCommentsExtended(xml: string): Map<string, { parent: string | undefined; done: boolean }> {
  return new Map(
    [...xml.matchAll(/<w15:commentEx\b([^>]*)>/g)].map((match) => {
      const attributes = xmlAttributes(match[1]!);
      return [attributes["w15:paraId"] ?? "", { parent: attributes["w15:paraIdParent"], done: attributes["w15:done"] === "1" }];
    }),
  );
}

/**
 * The threads of a Word file, placed by where the markers of each first comment landed in
 * `doc` (its range, else its reference mark). `unplaced` counts comments with no place in the
 * text mammoth kept (one on a header, a footnote), which are left out.
 */
export function readThreads({
  commentsXml,
  commentsExtendedXml,
  anchors,
  doc,
}: {
  commentsXml: string | undefined;
  commentsExtendedXml: string | undefined;
  anchors: Map<string, CommentAnchors>;
  doc: ProseMirrorNode;
}): { threads: WordThread[]; unplaced: number } {
  const parts = readComments(commentsXml ?? "");
  const extended = readCommentsExtended(commentsExtendedXml ?? "");
  const byParaId = new Map(parts.flatMap((part) => (part.paraId ? [[part.paraId, part] as const] : [])));
  const parentOf = (part: CommentPart) => {
    const parent = part.paraId ? extended.get(part.paraId)?.parent : undefined;
    return parent ? byParaId.get(parent) : undefined;
  };
  const rootOf = (part: CommentPart) => {
    const seen = new Set<CommentPart>();
    let root = part;
    for (let parent = parentOf(root); parent && !seen.has(parent); parent = parentOf(root)) {
      seen.add(root);
      root = parent;
    }
    return root;
  };

  const threads = new Map<CommentPart, CommentPart[]>();
  for (const part of parts) {
    const root = rootOf(part);
    threads.set(root, [...(threads.get(root) ?? []), part]);
  }

  const placed: WordThread[] = [];
  let unplaced = 0;
  for (const [root, members] of threads) {
    const found = members.map((part) => anchors.get(part.id)).find((a) => a && (a.start ?? a.end ?? a.reference) !== undefined);
    if (!found) {
      unplaced += members.length;
      continue;
    }
    const start = (found.start ?? found.reference ?? found.end)!;
    const end = (found.end ?? found.reference ?? found.start)!;
    const [from, to] = start <= end ? [start, end] : [end, start];
    placed.push({
      from,
      to,
      quote: doc.textBetween(from, to, "\n"),
      resolved: (root.paraId ? extended.get(root.paraId)?.done : false) ?? false,
      comments: members.map((part) => part.comment),
    });
  }
  return { threads: placed.sort((a, b) => a.from - b.from || a.to - b.to), unplaced };
}

/** "Ann Bell" → "AB": Word shows initials beside each comment. */
const initialsOf = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase())
    .join("")
    .slice(0, 4);

/**
 * The `comments` option of a docx Document for these threads, and the comment ids of each
 * thread (first the opening comment's, then its replies') to anchor in the text.
 */
export function docxComments(threads: DocxThread[]): { options: ICommentOptions[]; ids: number[][] } {
  const options: ICommentOptions[] = [];
  const ids = threads.map((thread) => {
    if (!thread.comments.length) throw new RangeError("a comment thread to export needs at least one comment");
    const undated = thread.comments.find((comment) => Number.isNaN(Date.parse(comment.createdAt)));
    if (undated) throw new RangeError(`a comment's createdAt must be a date (got "${undated.createdAt}")`);
    const root = options.length;
    return thread.comments.map((comment, index) => {
      const id = options.length;
      options.push({
        id,
        author: comment.authorName,
        initials: initialsOf(comment.authorName),
        date: new Date(comment.createdAt),
        children: comment.body.split("\n").map((line) => new Paragraph({ text: line })),
        // The docx package writes commentsExtended.xml (replies, done) only when some comment has a parent; a thread of
        // one comment carries `null` for "no parent" so a resolved one is still written done.
        parentId: index === 0 ? (null as unknown as undefined) : root,
        resolved: thread.resolved,
      });
      return id;
    });
  });
  return { options, ids };
}
