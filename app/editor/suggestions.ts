import type { Mark, Node as ProseMirrorNode, Schema } from "@tiptap/pm/model";
import { Transform } from "@tiptap/pm/transform";
import {
  isFormattingMarkName,
  SUGGESTION_MARK_NAMES,
  TEXT_CHANGE_MARK_NAMES,
  type FormatChangeAttrs,
  type FormattingMark,
  type SuggestionAttrs,
  type SuggestionKind,
  type TextChangeKind,
} from "./suggestion-marks";
import { blockChangeOf, blockTypeOf, describeBlockChange, documentNodeJson, type BlockChangeAttrs } from "./block-change";

/**
 * Suggestions (tracked changes) read and resolved on a ProseMirror document: the one
 * implementation the editor's Accept/Reject, publishing ("the text without open suggestions")
 * and the sync server's suggest-only check share. Isomorphic; ADR 032.
 *
 * Accept insertion = drop the mark; reject insertion = delete the text; accept deletion =
 * delete the text; reject deletion = drop the mark. A block whose every inline node goes (a
 * paragraph typed as a suggestion, a clause position deleted as one) goes with it. Accept a
 * formatting change = drop the mark; reject it = put back the formatting it recorded, drop the mark.
 * Accept a block type change (a heading, ./block-change.ts) = clear it; reject it = the block
 * type it recorded back, cleared.
 */

export type SuggestionDecision = "accept" | "reject";

/** A suggestion's kind: one of the suggestion marks, or a block type change (a node attribute). */
export type SuggestionListKind = SuggestionKind | "blockChange";

export type Suggestion = SuggestionAttrs & {
  kind: SuggestionListKind;
  /** The suggested text (template variables as `{{name}}`), all of the suggestion's runs; a block change's block text. */
  text: string;
  /** A formatting change's summary: "Bold added, italic removed"; a block change's: "Heading 2 (was paragraph)". */
  change?: string;
  /** The first run's range in the document. */
  from: number;
  to: number;
};

const isSuggestionKind = (name: string): name is SuggestionKind => (SUGGESTION_MARK_NAMES as readonly string[]).includes(name);
const isTextChange = (name: string): name is TextChangeKind => (TEXT_CHANGE_MARK_NAMES as readonly string[]).includes(name);

/** The insertion or deletion mark on an inline node, if any (a node carries at most one: a deletion of an insertion is its removal). */
export function suggestionMarkOf(node: ProseMirrorNode): Mark | undefined {
  return node.marks.find((mark) => isTextChange(mark.type.name));
}

/** The formatting change mark on an inline node, if any. */
export function formatChangeOf(node: ProseMirrorNode): Mark | undefined {
  return node.marks.find((mark) => mark.type.name === "formatChange");
}

/** A node's inline formatting (bold, link…), as stored. */
export function formattingOf(node: ProseMirrorNode): FormattingMark[] {
  return node.marks.filter((mark) => isFormattingMarkName(mark.type.name)).map((mark) => mark.toJSON() as FormattingMark);
}

const markKey = (mark: FormattingMark) => `${mark.type}${JSON.stringify(Object.entries(mark.attrs ?? {}).sort(([a], [b]) => a.localeCompare(b)))}`;
const sameMark = (a: FormattingMark, b: FormattingMark) => markKey(a) === markKey(b);

/** Whether two sets of formatting are the same, whatever their order. */
export const sameFormatting = (a: FormattingMark[], b: FormattingMark[]) => a.length === b.length && a.every((mark) => b.some((other) => sameMark(mark, other)));

const FORMAT_LABEL: Record<string, string> = { bold: "Bold", italic: "Italic", underline: "Underline", strike: "Strikethrough", code: "Code", link: "Link" };
const labelOf = (type: string) => FORMAT_LABEL[type] ?? type;

/** "bold, italic", or "no formatting". */
export const formattingNames = (marks: FormattingMark[]) => marks.map((mark) => labelOf(mark.type).toLowerCase()).join(", ") || "no formatting";

/** "Bold added, italic removed": what a formatting change did, over all its runs. */
export function describeFormatChange(runs: Array<{ before: FormattingMark[]; now: FormattingMark[] }>): string {
  const changes = new Map<string, "added" | "removed" | "changed">();
  for (const { before, now } of runs) {
    for (const mark of now) {
      const was = before.find((b) => b.type === mark.type);
      if (!was) changes.set(mark.type, "added");
      else if (!sameMark(was, mark)) changes.set(mark.type, "changed");
    }
    for (const was of before) if (!now.some((mark) => mark.type === was.type)) changes.set(was.type, "removed");
  }
  const parts = [...changes].map(([type, how]) => `${labelOf(type).toLowerCase()} ${how}`);
  const sentence = parts.join(", ") || "formatting changed";
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

const inlineText = (node: ProseMirrorNode) =>
  node.isText ? (node.text ?? "") : node.type.name === "templateVariable" ? `{{${String(node.attrs.name ?? "")}}}` : node.type.name === "hardBreak" ? "\n" : "";

/** Every open suggestion, in document order, its runs joined by id. */
export function collectSuggestions(doc: ProseMirrorNode): Suggestion[] {
  const byId = new Map<string, Suggestion>();
  const formatRuns = new Map<string, Array<{ before: FormattingMark[]; now: FormattingMark[] }>>();
  doc.descendants((node, pos) => {
    const block = blockChangeOf(node);
    if (block) {
      const { id, authorId, authorName, createdAt } = block;
      byId.set(`blockChange:${id}`, { id, authorId, authorName, createdAt, kind: "blockChange", text: node.textContent, change: describeBlockChange(blockTypeOf(node)!, block), from: pos, to: pos + node.nodeSize });
    }
    if (!node.isInline) return true;
    for (const mark of node.marks) {
      if (!isSuggestionKind(mark.type.name)) continue;
      const { id, authorId, authorName, createdAt } = mark.attrs as SuggestionAttrs;
      const key = `${mark.type.name}:${id}`;
      const found = byId.get(key);
      if (found) found.text += inlineText(node);
      else byId.set(key, { id, authorId, authorName, createdAt, kind: mark.type.name, text: inlineText(node), from: pos, to: pos + node.nodeSize });
      if (mark.type.name === "formatChange") {
        const runs = formatRuns.get(key) ?? [];
        runs.push({ before: (mark.attrs as FormatChangeAttrs).before ?? [], now: formattingOf(node) });
        formatRuns.set(key, runs);
      }
    }
    return false;
  });
  for (const [key, runs] of formatRuns) byId.get(key)!.change = describeFormatChange(runs);
  return [...byId.values()];
}

/** What happens to a suggestion: accepted, rejected, or left open (null). */
export type Decide = (suggestion: { kind: SuggestionListKind; attrs: SuggestionAttrs }) => SuggestionDecision | null;

type MarkOp = { from: number; to: number; mark: Mark };
/** A decided block change: the block at `pos` cleared, and on reject given back its type before. */
type BlockOp = { pos: number; change: BlockChangeAttrs; decision: SuggestionDecision };
type Plan = { removeNodes: Array<[number, number]>; removeMarks: MarkOp[]; addMarks: MarkOp[]; blocks: BlockOp[] };

/** Whether `decision` on an insertion or deletion takes its text out of the document. */
const removesText = (kind: TextChangeKind, decision: SuggestionDecision) => (kind === "insertion") === (decision === "reject");

function plan(doc: ProseMirrorNode, decide: Decide): Plan {
  const result: Plan = { removeNodes: [], removeMarks: [], addMarks: [], blocks: [] };
  const { schema } = doc.type;
  /** Plans an inline node's marks; true when the node itself goes. */
  const visitInline = (node: ProseMirrorNode, from: number): boolean => {
    const to = from + node.nodeSize;
    const decided = node.marks.flatMap((mark) => {
      const kind = mark.type.name;
      const decision = isSuggestionKind(kind) ? decide({ kind, attrs: mark.attrs as SuggestionAttrs }) : null;
      return decision ? [{ mark, kind, decision }] : [];
    });
    if (decided.some(({ kind, decision }) => isTextChange(kind) && removesText(kind, decision))) return true;
    for (const { mark, kind, decision } of decided) {
      result.removeMarks.push({ from, to, mark });
      if (kind !== "formatChange" || decision !== "reject") continue;
      // Back to the formatting it had: what was added goes, what was removed comes back.
      const before = (mark.attrs as FormatChangeAttrs).before ?? [];
      for (const now of node.marks) {
        if (isFormattingMarkName(now.type.name) && !before.some((was) => sameMark(was, now.toJSON() as FormattingMark))) result.removeMarks.push({ from, to, mark: now });
      }
      for (const was of before) {
        const restored = markFrom(schema, was);
        if (restored && !restored.isInSet(node.marks)) result.addMarks.push({ from, to, mark: restored });
      }
    }
    return false;
  };
  /** Plans `node` at `pos`: how many inline nodes it holds and how many of them go. */
  const visit = (node: ProseMirrorNode, pos: number): { inline: number; removed: number } => {
    if (node.isInline) return { inline: 1, removed: visitInline(node, pos) ? 1 : 0 };
    const change = blockChangeOf(node);
    const decision = change ? decide({ kind: "blockChange", attrs: change }) : null;
    if (change && decision) result.blocks.push({ pos, change, decision });
    const before = result.removeNodes.length;
    let inline = 0;
    let removed = 0;
    const pending: Array<[number, number]> = [];
    node.forEach((child, offset) => {
      const childPos = pos + 1 + offset;
      const counted = visit(child, childPos);
      inline += counted.inline;
      removed += counted.removed;
      if (child.isInline && counted.removed) pending.push([childPos, childPos + child.nodeSize]);
    });
    const whole = inline > 0 && removed === inline;
    if (whole && node.type.name !== "doc") {
      // The whole block goes: its children's plans are replaced by one range.
      result.removeNodes.length = before;
      result.removeNodes.push([pos, pos + node.nodeSize]);
    } else {
      result.removeNodes.push(...pending);
    }
    return { inline, removed };
  };
  // The doc node's content starts at 0, so its children sit at their offsets.
  doc.forEach((child, offset) => {
    visit(child, offset);
  });
  return result;
}

/** A recorded formatting mark in `schema`, or null when the schema has no such mark (recorded elsewhere, or tampered with). */
function markFrom(schema: Schema, json: FormattingMark): Mark | null {
  const type = schema.marks[json.type];
  if (!type || !isFormattingMarkName(json.type)) return null;
  try {
    return type.create(json.attrs ?? null);
  } catch {
    return null;
  }
}

/**
 * Resolves the suggestions `decide` picks, as steps on `tr` (an editor transaction or a bare
 * Transform). Marks are changed first (positions do not move): removed, then formatting put
 * back; block types next (neither do they); then text and blocks are deleted from the end backwards, each range mapped through the
 * deletions before it.
 */
export function resolveSuggestions<T extends Transform>(tr: T, decide: Decide): T {
  const { removeNodes, removeMarks, addMarks, blocks } = plan(tr.doc, decide);
  for (const { from, to, mark } of removeMarks) tr.removeMark(from, to, mark);
  for (const { from, to, mark } of addMarks) tr.addMark(from, to, mark);
  // A block's type changes its markup only, not its size: positions hold.
  for (const { pos, change, decision } of blocks) {
    const node = tr.doc.nodeAt(pos)!;
    const type = decision === "reject" ? tr.doc.type.schema.nodes[change.before.type] : undefined;
    if (type) tr.setNodeMarkup(pos, type, { ...(change.before.type === "heading" ? { level: change.before.level } : {}), blockChange: null });
    else tr.setNodeMarkup(pos, undefined, { ...node.attrs, blockChange: null });
  }
  const ranges = mergeRanges(removeNodes);
  for (let i = ranges.length - 1; i >= 0; i--) {
    const [from, to] = ranges[i]!;
    tr.delete(from, to);
  }
  return tr;
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

const everyOne =
  (decision: SuggestionDecision): Decide =>
  () =>
    decision;

/** The document as if every open suggestion were rejected: what is published. */
export function withoutSuggestions(doc: ProseMirrorNode): ProseMirrorNode {
  return resolveSuggestions(new Transform(doc), everyOne("reject")).doc;
}

/** The document as if every open suggestion were accepted. */
export function withSuggestionsAccepted(doc: ProseMirrorNode): ProseMirrorNode {
  return resolveSuggestions(new Transform(doc), everyOne("accept")).doc;
}

export function hasSuggestions(doc: ProseMirrorNode): boolean {
  let found = false;
  doc.descendants((node) => {
    if (found) return false;
    if (blockChangeOf(node) || (node.isInline && node.marks.some((mark) => isSuggestionKind(mark.type.name)))) found = true;
    return !found;
  });
  return found;
}

/** ProseMirror JSON in, ProseMirror JSON out: `withoutSuggestions` for stored content (publishing, derivation). */
export function jsonWithoutSuggestions<T>(schema: Schema, json: T): T {
  if (countSuggestionsInJson(json) === 0) return json;
  return documentNodeJson<T>(withoutSuggestions(schema.nodeFromJSON(json)));
}

/** How many open suggestions ProseMirror JSON holds (a review request's count). */
export function countSuggestionsInJson(json: unknown): number {
  const ids = new Set<string>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    const { marks, content, attrs } = node as { marks?: Array<{ type?: string; attrs?: { id?: unknown } }>; content?: unknown[]; attrs?: { blockChange?: { id?: unknown } | null } };
    for (const mark of marks ?? []) if (mark.type && isSuggestionKind(mark.type)) ids.add(`${mark.type}:${String(mark.attrs?.id ?? "")}`);
    if (attrs?.blockChange) ids.add(`blockChange:${String(attrs.blockChange.id ?? "")}`);
    for (const child of content ?? []) walk(child);
  };
  walk(json);
  return ids.size;
}

/** The settled text compared for a suggest-only change: without suggestions, empty textblocks left out (a new paragraph is made empty first). */
function settledForComparison(doc: ProseMirrorNode): string {
  const prune = (json: { type: string; content?: unknown[] }): unknown => {
    if (!json.content) return json;
    const content = (json.content as Array<{ type: string; content?: unknown[] }>)
      .filter((child) => !(child.content === undefined && doc.type.schema.nodes[child.type]?.isTextblock))
      .map(prune);
    return { ...json, content };
  };
  return JSON.stringify(prune(withoutSuggestions(doc).toJSON() as { type: string; content?: unknown[] }));
}

/**
 * Why a change by someone who may only suggest is refused, or null when it only suggests
 * (ADR 032): the text without open suggestions must stay the same, other people's suggestions
 * must stay as they were, and every new suggestion must be in their own name. O(document size).
 */
export function suggestOnlyViolation(before: ProseMirrorNode, after: ProseMirrorNode, userId: string): string | null {
  if (settledForComparison(before) !== settledForComparison(after)) return "it changes the text itself, not only suggestions";
  const key = (s: Suggestion) => `${s.kind}:${s.id}`;
  const was = new Map(collectSuggestions(before).map((s) => [key(s), s]));
  const now = new Map(collectSuggestions(after).map((s) => [key(s), s]));
  for (const [k, s] of was) {
    if (s.authorId === userId) continue;
    const kept = now.get(k);
    // A block change is its type, not its text: suggesting in its text is allowed.
    const textChanged = s.kind !== "blockChange" && kept?.text !== s.text;
    if (!kept || textChanged || kept.authorId !== s.authorId || kept.change !== s.change) return "it changes someone else's suggestion";
  }
  for (const [k, s] of now) if (!was.has(k) && s.authorId !== userId) return "it makes a suggestion in someone else's name";
  return null;
}
