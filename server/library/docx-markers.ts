import { randomBytes } from "node:crypto";
import type { JSONContent } from "@tiptap/core";
import { Transform } from "@tiptap/pm/transform";
import { documentSchema } from "../../app/editor/schema.ts";
import type { SuggestionAttrs, SuggestionKind } from "../../app/editor/suggestion-marks.ts";
import { isoDate, xmlAttributes } from "./word-xml.ts";

/**
 * Tracked changes and comment anchors carried through mammoth. Mammoth keeps inserted text
 * but drops deleted text and comment ranges, so before it reads word/document.xml each is
 * rewritten as text it keeps: a deletion's runs become ordinary runs, and every start and end
 * (of an insertion, a deletion, a comment's range) becomes a run holding a marker — two
 * private-use characters around a nonce drawn for this read and an index. Once mammoth's HTML is
 * the document's JSON, the markers are found, taken out, and become suggestion marks and
 * positions. This leaves mammoth's reading of everything else (lists, tables, styles) as it was.
 */

/** One `w:ins` / `w:del` (or a move, read as Word reads it with moves off: from = deletion, to = insertion). */
export type WordRevision = { kind: SuggestionKind; wordId: string; author: string | undefined; date: string | undefined };

type Marker =
  | { type: "revision-start" | "revision-end"; revision: number }
  | { type: "comment-start" | "comment-end" | "comment-reference"; commentId: string };

export type MarkedDocumentXml = {
  xml: string;
  nonce: string;
  markers: Marker[];
  revisions: WordRevision[];
  /** Tracked changes to a paragraph break or a table row: the structure is kept as it stands. */
  structureChanges: number;
  /** Tracked formatting changes: the new formatting is what mammoth reads. */
  formatChanges: number;
};

const REVISION_KIND: Record<string, SuggestionKind> = { "w:ins": "insertion", "w:moveTo": "insertion", "w:del": "deletion", "w:moveFrom": "deletion" };
const TAG =
  /<(\/?)(w:(?:p|ins|del|moveFrom|moveTo|delText|commentRangeStart|commentRangeEnd|commentReference))((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const FORMAT_CHANGE = /<w:(?:rPrChange|pPrChange|sectPrChange|tblPrChange|tblPrExChange|trPrChange|tcPrChange|tblGridChange|numberingChange)\b/g;

/** word/document.xml with its tracked changes and comment anchors as marker runs mammoth keeps. */
export function markDocumentXml(xml: string): MarkedDocumentXml {
  const nonce = randomBytes(6).toString("hex");
  const markers: Marker[] = [];
  const revisions: WordRevision[] = [];
  const markerText = (marker: Marker) => `\uE000${nonce}:${markers.push(marker) - 1}\uE001`;
  const markerRun = (marker: Marker) => `<w:r><w:t>${markerText(marker)}</w:t></w:r>`;

  const out: string[] = [];
  let paragraphDepth = 0;
  /** Open revisions, innermost last: the index of the revision, or null for one passed through as it was. */
  const open: (number | null)[] = [];
  /** Comment starts written between paragraphs (Word does, around tables), placed at the next paragraph's start. */
  let pendingStarts = "";
  /** Where the last paragraph closed: a comment end between paragraphs goes there. */
  let lastParagraphEnd = -1;
  let structureChanges = 0;
  let read = 0;

  for (const match of xml.matchAll(TAG)) {
    out.push(xml.slice(read, match.index));
    read = match.index + match[0].length;
    const [tag, closing, name, attributeSource = "", selfClosing] = match as unknown as [string, string, string, string, string];
    switch (name) {
      case "w:p":
        out.push(tag);
        if (selfClosing) break;
        if (closing) {
          paragraphDepth -= 1;
          lastParagraphEnd = out.length - 1;
        } else if (++paragraphDepth === 1 && pendingStarts) {
          out.push(pendingStarts);
          pendingStarts = "";
        }
        break;
      case "w:delText":
        out.push(`<${closing}w:t${attributeSource}${selfClosing}>`);
        break;
      case "w:commentRangeStart":
      case "w:commentRangeEnd": {
        const marker: Marker = { type: name === "w:commentRangeStart" ? "comment-start" : "comment-end", commentId: xmlAttributes(attributeSource)["w:id"] ?? "" };
        if (paragraphDepth > 0) out.push(markerRun(marker));
        else if (marker.type === "comment-start" || lastParagraphEnd < 0) pendingStarts += markerRun(marker);
        else out[lastParagraphEnd] = markerRun(marker) + out[lastParagraphEnd];
        break;
      }
      case "w:commentReference":
        // Inside its run already: the marker is that run's text.
        out.push(`<w:t>${markerText({ type: "comment-reference", commentId: xmlAttributes(attributeSource)["w:id"] ?? "" })}</w:t>`);
        break;
      default: {
        // w:ins, w:del, w:moveTo, w:moveFrom
        if (selfClosing) {
          // A paragraph mark's or a table row's change. Mammoth would merge a paragraph whose mark is deleted into the next one; the paragraphs stay as Word shows them.
          structureChanges += 1;
          if (REVISION_KIND[name] === "insertion") out.push(tag);
        } else if (closing) {
          const revision = open.pop();
          out.push(revision == null ? tag : markerRun({ type: "revision-end", revision }));
        } else if (paragraphDepth > 0) {
          const attributes = xmlAttributes(attributeSource);
          const revision = revisions.push({ kind: REVISION_KIND[name]!, wordId: attributes["w:id"] ?? "", author: attributes["w:author"], date: attributes["w:date"] }) - 1;
          open.push(revision);
          out.push(markerRun({ type: "revision-start", revision }));
        } else {
          open.push(null);
          out.push(tag);
        }
      }
    }
  }
  out.push(xml.slice(read));
  return { xml: out.join(""), nonce, markers, revisions, structureChanges, formatChanges: xml.match(FORMAT_CHANGE)?.length ?? 0 };
}

/** Where a comment's anchors landed in the returned content (absent when mammoth did not keep that spot, e.g. a footnote). */
export type CommentAnchors = { start?: number; end?: number; reference?: number };

export type ResolvedMarkers = {
  json: JSONContent;
  comments: Map<string, CommentAnchors>;
  /** Suggestions made, by kind (neighbouring Word revisions by one author at one time are one suggestion, as Word shows them). */
  suggestions: Record<SuggestionKind, number>;
};

const unknownAuthor = "Unknown author";

/**
 * The document JSON mammoth's HTML became, without its markers: revisions become `insertion` /
 * `deletion` marks (ids from `w:id`, made unique), comment anchors become positions in it.
 */
export function resolveMarkers(json: JSONContent, marked: MarkedDocumentXml): ResolvedMarkers {
  if (!marked.markers.length) return { json, comments: new Map(), suggestions: { insertion: 0, deletion: 0 } };
  const doc = documentSchema.nodeFromJSON(json);
  const pattern = new RegExp(`\uE000${marked.nonce}:(\\d+)\uE001`, "g");
  const found: { marker: Marker; from: number; to: number }[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return;
    for (const match of node.text!.matchAll(pattern)) {
      const marker = marked.markers[Number(match[1])];
      if (marker) found.push({ marker, from: pos + match.index, to: pos + match.index + match[0].length });
    }
  });

  const tr = new Transform(doc);
  for (const { from, to } of [...found].reverse()) tr.delete(from, to);
  // Both ends of a deleted marker map to the one position where it stood.
  const at = (from: number) => tr.mapping.map(from);

  const spans = new Map<number, { from?: number; to?: number }>();
  const comments = new Map<string, CommentAnchors>();
  for (const { marker, from } of found) {
    if ("revision" in marker) {
      const span = spans.get(marker.revision) ?? {};
      span[marker.type === "revision-start" ? "from" : "to"] = at(from);
      spans.set(marker.revision, span);
    } else {
      const anchors = comments.get(marker.commentId) ?? {};
      const key = marker.type === "comment-start" ? "start" : marker.type === "comment-end" ? "end" : "reference";
      anchors[key] ??= at(from);
      comments.set(marker.commentId, anchors);
    }
  }

  const suggestions: Record<SuggestionKind, number> = { insertion: 0, deletion: 0 };
  const usedIds = new Set<string>();
  const uniqueId = (wordId: string, kind: SuggestionKind) => {
    const base = `word-${kind === "insertion" ? "ins" : "del"}-${wordId || "0"}`;
    let id = base;
    for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
    usedIds.add(id);
    return id;
  };
  const ordered = [...spans.entries()]
    .flatMap(([revision, { from, to }]) => (from !== undefined && to !== undefined && from < to ? [{ revision: marked.revisions[revision]!, from, to }] : []))
    .sort((a, b) => a.from - b.from || a.to - b.to);
  const previous: Partial<Record<SuggestionKind, { attrs: SuggestionAttrs; to: number }>> = {};
  for (const { revision, from, to } of ordered) {
    const authorName = revision.author?.trim() || unknownAuthor;
    const createdAt = isoDate(revision.date) ?? "";
    const last = previous[revision.kind];
    const continues = last && last.to <= from && last.attrs.authorName === authorName && last.attrs.createdAt === createdAt && tr.doc.textBetween(last.to, from) === "";
    const attrs = continues ? last.attrs : { id: uniqueId(revision.wordId, revision.kind), authorId: null, authorName, createdAt };
    if (!continues) suggestions[revision.kind] += 1;
    tr.addMark(from, to, documentSchema.marks[revision.kind]!.create(attrs));
    previous[revision.kind] = { attrs, to };
  }
  return { json: tr.doc.toJSON() as JSONContent, comments, suggestions };
}
