import { diffArrays, diffWords } from "diff";
import { CLAUSE_PART_LABEL, CLAUSE_WORDING_LABEL, isClausePartRole } from "../../app/editor/clause-position.ts";

/**
 * A readable redline between two states of a document: blocks (paragraphs, headings, list
 * items, table cells…) are matched first, then a changed block is diffed word by word.
 * Pure functions over ProseMirror JSON (or plain text): no database, no Yjs.
 */

export type BlockType = "heading" | "paragraph" | "code" | "other";

export type Block = {
  type: BlockType;
  /** Heading level, for headings. */
  level?: number;
  text: string;
  /** Where the block sits, when that helps a reader: "Clause: Limitation of liability — fallback". */
  context?: string;
};

export type DiffSegment = { op: "equal" | "insert" | "delete"; text: string };

export type DiffBlock =
  | (Block & { op: "equal" | "insert" | "delete" })
  | (Omit<Block, "text"> & { op: "change"; segments: DiffSegment[] });

export type DiffHunk = {
  /** Unchanged blocks left out before this hunk. */
  skippedBefore: number;
  blocks: DiffBlock[];
};

export type DiffStats = {
  insertedBlocks: number;
  deletedBlocks: number;
  changedBlocks: number;
  insertedWords: number;
  deletedWords: number;
};

export type DocumentDiff = {
  identical: boolean;
  stats: DiffStats;
  hunks: DiffHunk[];
  /** Unchanged blocks left out after the last hunk. */
  skippedAfter: number;
};

type JsonNode = {
  type?: unknown;
  text?: unknown;
  attrs?: Record<string, unknown> | null;
  content?: unknown;
};

const asNode = (v: unknown): JsonNode | null => (v && typeof v === "object" ? (v as JsonNode) : null);
const childrenOf = (node: JsonNode): JsonNode[] =>
  Array.isArray(node.content) ? node.content.map(asNode).filter((n): n is JsonNode => n !== null) : [];

const INLINE_LEAVES = new Set(["text", "templateVariable", "hardBreak", "image"]);

function inlineText(node: JsonNode): string {
  if (node.type === "text") return typeof node.text === "string" ? node.text : "";
  if (node.type === "templateVariable") return `{{${String(node.attrs?.name ?? "")}}}`;
  if (node.type === "hardBreak") return " ";
  return childrenOf(node).map(inlineText).join("");
}

const isTextblock = (node: JsonNode) => {
  const children = childrenOf(node);
  return node.type === "paragraph" || node.type === "heading" || node.type === "codeBlock" ||
    (children.length > 0 && children.every((c) => typeof c.type === "string" && INLINE_LEAVES.has(c.type)));
};

/** The document's blocks in reading order. Empty paragraphs are left out: they are layout, not content. */
export function blocksFromJson(json: unknown): Block[] {
  const blocks: Block[] = [];
  const walk = (node: JsonNode, context: string | undefined) => {
    if (isTextblock(node)) {
      const text = inlineText(node).replace(/\s+/g, " ").trim();
      if (!text) return;
      const type: BlockType = node.type === "heading" ? "heading" : node.type === "paragraph" ? "paragraph" : node.type === "codeBlock" ? "code" : "other";
      const level = type === "heading" && typeof node.attrs?.level === "number" ? node.attrs.level : undefined;
      blocks.push({ type, text, ...(level !== undefined ? { level } : {}), ...(context ? { context } : {}) });
      return;
    }
    let inner = context;
    if (node.type === "clausePosition") {
      const name = String(node.attrs?.name ?? "").trim();
      inner = `Clause${name ? `: ${name}` : ""}`;
    } else if (node.type === "clausePart") {
      const role = String(node.attrs?.role ?? "");
      inner = isClausePartRole(role) ? `${context ?? "Clause"} — ${CLAUSE_PART_LABEL[role].toLowerCase()}` : context;
    } else if (node.type === "clauseWording") {
      inner = `${context ?? "Clause"} — ${CLAUSE_WORDING_LABEL.toLowerCase()}`;
    }
    for (const child of childrenOf(node)) walk(child, inner);
  };
  const root = asNode(json);
  if (root) walk(root, undefined);
  return blocks;
}

/** Blocks from plain text: one per non-empty line. For states that have no JSON. */
export function blocksFromText(text: string): Block[] {
  return text
    .split(/\n+/)
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .map((line) => ({ type: "paragraph" as const, text: line }));
}

const countWords = (text: string) => (text.match(/\S+/g) ?? []).length;

function wordSegments(before: string, after: string): DiffSegment[] {
  const segments: DiffSegment[] = [];
  for (const change of diffWords(before, after)) {
    const op = change.added ? "insert" : change.removed ? "delete" : "equal";
    const last = segments[segments.length - 1];
    if (last && last.op === op) last.text += change.value;
    else segments.push({ op, text: change.value });
  }
  return segments;
}

/** Share of the longer block's characters that the two blocks keep in common. */
function similarity(segments: DiffSegment[], before: string, after: string): number {
  const kept = segments.filter((s) => s.op === "equal").reduce((n, s) => n + s.text.trim().length, 0);
  return kept / Math.max(before.length, after.length, 1);
}

/** Two blocks this alike are one block edited, not one deleted and another inserted. */
const SAME_BLOCK_SIMILARITY = 0.4;

/** Every block, unchanged ones included, in order. */
export function diffBlocks(before: Block[], after: Block[]): DiffBlock[] {
  const out: DiffBlock[] = [];
  const changes = diffArrays(before, after, {
    comparator: (a: Block, b: Block) => a.text === b.text && a.type === b.type,
  });
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    if (!change.added && !change.removed) {
      for (const block of change.value) out.push({ ...block, op: "equal" });
      continue;
    }
    // A removed run followed by an added run: pair blocks that were edited rather than replaced.
    const next = changes[i + 1];
    const deleted = change.removed ? change.value : [];
    const inserted = change.added ? change.value : next?.added && change.removed ? next.value : [];
    if (change.removed && next?.added) i++;
    const pairs = Math.min(deleted.length, inserted.length);
    const pending: DiffBlock[] = [];
    for (let k = 0; k < Math.max(deleted.length, inserted.length); k++) {
      const d = deleted[k];
      const a = inserted[k];
      if (k < pairs && d && a) {
        const segments = wordSegments(d.text, a.text);
        if (similarity(segments, d.text, a.text) >= SAME_BLOCK_SIMILARITY) {
          out.push(...pending.splice(0));
          const { text: _text, ...shape } = a;
          out.push({ ...shape, op: "change", segments });
          continue;
        }
      }
      if (d) out.push({ ...d, op: "delete" });
      if (a) pending.push({ ...a, op: "insert" });
    }
    out.push(...pending);
  }
  return out;
}

/** Unchanged blocks kept around each change; `Infinity` keeps the whole document. */
export const DEFAULT_DIFF_CONTEXT = 2;

export function diffDocuments(before: Block[], after: Block[], { context = DEFAULT_DIFF_CONTEXT }: { context?: number } = {}): DocumentDiff {
  const all = diffBlocks(before, after);
  const stats: DiffStats = { insertedBlocks: 0, deletedBlocks: 0, changedBlocks: 0, insertedWords: 0, deletedWords: 0 };
  for (const block of all) {
    if (block.op === "insert") {
      stats.insertedBlocks++;
      stats.insertedWords += countWords(block.text);
    } else if (block.op === "delete") {
      stats.deletedBlocks++;
      stats.deletedWords += countWords(block.text);
    } else if (block.op === "change") {
      stats.changedBlocks++;
      for (const s of block.segments) {
        if (s.op === "insert") stats.insertedWords += countWords(s.text);
        if (s.op === "delete") stats.deletedWords += countWords(s.text);
      }
    }
  }

  // Keep each change and `context` unchanged blocks either side; count what is left out.
  const keep = all.map(() => false);
  all.forEach((block, index) => {
    if (block.op === "equal") return;
    const from = Math.max(0, index - context);
    const to = Math.min(all.length - 1, index + context);
    for (let k = from; k <= to; k++) keep[k] = true;
  });
  const hunks: DiffHunk[] = [];
  let skipped = 0;
  let current: DiffHunk | undefined;
  all.forEach((block, index) => {
    if (!keep[index]) {
      skipped++;
      current = undefined;
      return;
    }
    if (!current) {
      current = { skippedBefore: skipped, blocks: [] };
      hunks.push(current);
      skipped = 0;
    }
    current.blocks.push(block);
  });
  return { identical: hunks.length === 0, stats, hunks, skippedAfter: skipped };
}
