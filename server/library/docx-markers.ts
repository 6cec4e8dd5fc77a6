import { randomBytes } from "node:crypto";
import type { JSONContent } from "@tiptap/core";
import { documentSchema } from "../../app/editor/schema.ts";
import { documentNodeJson } from "../../app/editor/block-change.ts";
import type { FormatChangeAttrs, FormattingMark, SuggestionAttrs, SuggestionKind } from "../../app/editor/suggestion-marks.ts";
import { isoDate, UNKNOWN_AUTHOR, xmlAttributes } from "./word-xml.ts";

/**
 * Tracked changes and comment anchors carried through mammoth. Mammoth keeps inserted text
 * but drops deleted text and comment ranges, so before it reads word/document.xml each is
 * rewritten as text it keeps: a deletion's runs become ordinary runs, and every start and end
 * (of an insertion, a deletion, a comment's range) becomes a run holding a marker — two
 * private-use characters around a nonce drawn for this read and an index. Once mammoth's HTML is
 * the document's JSON, the markers are found, taken out, and become suggestion marks and
 * positions. This leaves mammoth's reading of everything else (lists, tables, styles) as it was.
 * A run whose formatting changed (`w:rPrChange`) is put between such markers too: mammoth reads
 * its new formatting, the markers carry who, when and the formatting before.
 */

/** One `w:ins` / `w:del` (or a move, read as Word reads it with moves off: from = deletion, to = insertion), or a run's `w:rPrChange`. */
export type WordRevision = { kind: SuggestionKind; wordId: string; author: string | undefined; date: string | undefined; before?: FormattingMark[] };

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
  /** Tracked formatting changes not read as suggestions (of paragraphs, tables, sections; of a run, only what mammoth does not read): the new formatting is what mammoth reads. */
  formatChanges: number;
};

const REVISION_KIND: Record<string, SuggestionKind> = { "w:ins": "insertion", "w:moveTo": "insertion", "w:del": "deletion", "w:moveFrom": "deletion" };
const TAG =
  /<(\/?)(w:(?:p|ins|del|moveFrom|moveTo|delText|commentRangeStart|commentRangeEnd|commentReference))((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const FORMAT_CHANGE = /<w:(?:rPrChange|pPrChange|sectPrChange|tblPrChange|tblPrExChange|trPrChange|tcPrChange|tblGridChange|numberingChange)\b/g;

/** A run (no run nested in it) whose properties record a formatting change. */
const REFORMATTED_RUN = /<w:r(?:\s[^>]*)?>(?:(?!<\/w:r>|<w:r[\s>])[\s\S])*?<w:rPrChange\b(?:(?!<\/w:r>|<w:r[\s>])[\s\S])*<\/w:r>/g;
const RPR_CHANGE = /<w:rPrChange\b((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(?:\/>|>([\s\S]*?)<\/w:rPrChange>)/;

/** Whether run properties turn `name` on (`<w:b/>`, `<w:b w:val="1"/>`; not `w:val="0"` or absent). */
function isOn(properties: string, name: string): boolean {
  const element = new RegExp(`<w:${name}((?:\\s+[\\w:.-]+\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*\\/?>`).exec(properties);
  if (!element) return false;
  const value = xmlAttributes(element[1] ?? "")["w:val"];
  return value === undefined || !["0", "false", "off"].includes(value.toLowerCase());
}

/** The formatting marks run properties give, as mammoth reads them: bold, italic, strikethrough (mammoth leaves underline and fonts out). */
function formattingOfRunProperties(properties: string): FormattingMark[] {
  const marks: FormattingMark[] = [];
  if (isOn(properties, "b")) marks.push({ type: "bold" });
  if (isOn(properties, "i")) marks.push({ type: "italic" });
  if (isOn(properties, "strike") || isOn(properties, "dstrike")) marks.push({ type: "strike" });
  return marks;
}

/** word/document.xml with its tracked changes and comment anchors as marker runs mammoth keeps. */
export function markDocumentXml(source: string): MarkedDocumentXml {
  const nonce = randomBytes(6).toString("hex");
  const markers: Marker[] = [];
  const revisions: WordRevision[] = [];
  const markerText = (marker: Marker) => `\uE000${nonce}:${markers.push(marker) - 1}\uE001`;
  const markerRun = (marker: Marker) => `<w:r><w:t>${markerText(marker)}</w:t></w:r>`;

  // A reformatted run between markers, when what changed is formatting mammoth reads.
  let reformattedRuns = 0;
  const xml = source.replace(REFORMATTED_RUN, (run) => {
    const change = RPR_CHANGE.exec(run)!;
    const now = formattingOfRunProperties(run.slice(0, change.index));
    const before = formattingOfRunProperties(change[2] ?? "");
    if (now.length === before.length && now.every((mark) => before.some((was) => was.type === mark.type))) return run;
    const attributes = xmlAttributes(change[1] ?? "");
    const revision = revisions.push({ kind: "formatChange", wordId: attributes["w:id"] ?? "", author: attributes["w:author"], date: attributes["w:date"], before }) - 1;
    reformattedRuns += 1;
    return markerRun({ type: "revision-start", revision }) + run + markerRun({ type: "revision-end", revision });
  });

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
  return { xml: out.join(""), nonce, markers, revisions, structureChanges, formatChanges: (xml.match(FORMAT_CHANGE)?.length ?? 0) - reformattedRuns };
}

/** Where a comment's anchors landed in the returned content (absent when mammoth did not keep that spot, e.g. a footnote). */
export type CommentAnchors = { start?: number; end?: number; reference?: number };

export type ResolvedMarkers = {
  json: JSONContent;
  comments: Map<string, CommentAnchors>;
  /** Suggestions made, by kind (neighbouring Word revisions by one author at one time are one suggestion, as Word shows them). */
  suggestions: Record<SuggestionKind, number>;
};

/** The most node boundaries between the end of one block's text and the start of the next's (closing a cell's paragraph, cell and row, opening the next row's). */
const MAX_BOUNDARIES = 8;

/**
 * The document JSON mammoth's HTML became, without its markers: revisions become `insertion` /
 * `deletion` marks (ids from `w:id`, made unique), comment anchors become positions in it.
 */
export function resolveMarkers(json: JSONContent, marked: MarkedDocumentXml): ResolvedMarkers {
  if (!marked.markers.length) return { json, comments: new Map(), suggestions: { insertion: 0, deletion: 0, formatChange: 0 } };
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

  // Every marker goes: a position after markers moves back by the length of those before it.
  let removed = 0;
  const placed = found.map(({ marker, from, to }) => {
    const at = from - removed;
    removed += to - from;
    return { marker, at };
  });
  const clean = withoutMarkers(json, pattern);
  const cleanDoc = documentSchema.nodeFromJSON(clean);

  const spans = new Map<number, { from?: number; to?: number }>();
  const comments = new Map<string, CommentAnchors>();
  for (const { marker, at } of placed) {
    if ("revision" in marker) {
      const span = spans.get(marker.revision) ?? {};
      span[marker.type === "revision-start" ? "from" : "to"] = at;
      spans.set(marker.revision, span);
    } else {
      const anchors = comments.get(marker.commentId) ?? {};
      const key = marker.type === "comment-start" ? "start" : marker.type === "comment-end" ? "end" : "reference";
      anchors[key] ??= at;
      comments.set(marker.commentId, anchors);
    }
  }

  const suggestions: Record<SuggestionKind, number> = { insertion: 0, deletion: 0, formatChange: 0 };
  const usedIds = new Set<string>();
  const uniqueId = (wordId: string, kind: SuggestionKind) => {
    const base = `word-${kind === "insertion" ? "ins" : kind === "deletion" ? "del" : "fmt"}-${wordId || "0"}`;
    let id = base;
    for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
    usedIds.add(id);
    return id;
  };
  const ordered = [...spans.entries()]
    .flatMap(([revision, { from, to }]) => (from !== undefined && to !== undefined && from < to ? [{ revision: marked.revisions[revision]!, from, to }] : []))
    .sort((a, b) => a.from - b.from || a.to - b.to);
  // Touching, or apart by block boundaries only (a change running on into the next paragraph, list item, cell).
  const nothingBetween = (from: number, to: number) => from === to || (from < to && to - from <= MAX_BOUNDARIES && cleanDoc.textBetween(from, to) === "");
  const ranges: MarkRange[] = [];
  const previous: Partial<Record<SuggestionKind, { attrs: SuggestionAttrs; to: number }>> = {};
  for (const { revision, from, to } of ordered) {
    const authorName = revision.author?.trim() || UNKNOWN_AUTHOR;
    const createdAt = isoDate(revision.date) ?? "";
    const last = previous[revision.kind];
    const continues = last && last.attrs.authorName === authorName && last.attrs.createdAt === createdAt && nothingBetween(last.to, from);
    const who: SuggestionAttrs = continues ? last.attrs : { id: uniqueId(revision.wordId, revision.kind), authorId: null, authorName, createdAt };
    // A formatting change's runs are one suggestion, each with the formatting it had.
    const attrs: SuggestionAttrs | FormatChangeAttrs = revision.before ? { ...who, before: revision.before } : who;
    if (!continues) suggestions[revision.kind] += 1;
    ranges.push({ from, to, mark: { type: revision.kind, attrs } });
    previous[revision.kind] = { attrs, to };
  }
  // Through the schema once more: marks in its order, and a check that the result is a document.
  const result = documentSchema.nodeFromJSON(withMarks(clean, ranges));
  result.check();
  return { json: documentNodeJson<JSONContent>(result), comments, suggestions };
}

/** The JSON with the markers taken out of its text: a text node left empty goes, neighbours with the same marks join. */
function withoutMarkers(node: JSONContent, pattern: RegExp): JSONContent {
  if (!node.content) return node;
  const content: JSONContent[] = [];
  for (const child of node.content) {
    if (child.type !== "text") {
      content.push(withoutMarkers(child, pattern));
      continue;
    }
    const text = child.text!.replace(pattern, "");
    const last = content.at(-1);
    if (!text) continue;
    if (last?.type === "text" && JSON.stringify(last.marks ?? []) === JSON.stringify(child.marks ?? [])) content[content.length - 1] = { ...last, text: last.text + text };
    else content.push({ ...child, text });
  }
  return { ...node, content };
}

type JsonMark = NonNullable<JSONContent["marks"]>[number];
type MarkRange = { from: number; to: number; mark: JsonMark };

/**
 * The JSON with each mark added over its range of positions, text split where a range starts
 * or ends inside it. One walk in document order with the ranges sorted by start, so a
 * document with thousands of tracked changes costs one pass, not a pass per change.
 */
function withMarks(doc: JSONContent, ranges: MarkRange[]): JSONContent {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  let next = 0;
  let active: MarkRange[] = [];
  const over = (from: number, to: number) => {
    for (; next < sorted.length && sorted[next]!.from < to; next++) active.push(sorted[next]!);
    active = active.filter((range) => range.to > from);
    return active.filter((range) => range.from < to);
  };
  const withAdded = (node: JSONContent, added: MarkRange[]) => (added.length ? { ...node, marks: [...(node.marks ?? []), ...added.map((r) => r.mark)] } : node);

  /** A node's content starting at `start`: the new content, and its size. */
  const content = (nodes: JSONContent[], start: number): { nodes: JSONContent[]; size: number } => {
    const out: JSONContent[] = [];
    let pos = start;
    for (const node of nodes) {
      if (node.type === "text") {
        const text = node.text ?? "";
        const end = pos + text.length;
        const ranges = over(pos, end);
        const cuts = [...new Set([pos, end, ...ranges.flatMap((r) => [r.from, r.to]).filter((at) => at > pos && at < end)])].sort((a, b) => a - b);
        for (let i = 0; i + 1 < cuts.length; i++) {
          const [a, b] = [cuts[i]!, cuts[i + 1]!];
          out.push(withAdded({ ...node, text: text.slice(a - pos, b - pos) }, ranges.filter((r) => r.from <= a && r.to >= b)));
        }
        pos = end;
      } else if (documentSchema.nodes[node.type!]?.isLeaf) {
        out.push(documentSchema.nodes[node.type!]!.isInline ? withAdded(node, over(pos, pos + 1)) : node);
        pos += 1;
      } else {
        const inner = content(node.content ?? [], pos + 1);
        out.push(node.content ? { ...node, content: inner.nodes } : node);
        pos += inner.size + 2;
      }
    }
    return { nodes: out, size: pos - start };
  };
  return { ...doc, content: content(doc.content ?? [], 0).nodes };
}
