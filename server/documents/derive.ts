import * as Y from "yjs";
import { prosemirrorJSONToYDoc, prosemirrorToYXmlFragment, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { slugifyHeading } from "../../app/editor/anchors.ts";
import { documentNodeJson } from "../../app/editor/block-change.ts";
import { CLAUSE_PART_ROLES, toClausePartRole, type ClausePartRole } from "../../app/editor/clause-position.ts";
import { documentSchema } from "../../app/editor/schema.ts";
import { markdownToDocumentJson } from "../../app/editor/markdown.ts";
import { jsonWithoutSuggestions } from "../../app/editor/suggestions.ts";
import { MAX_DOCUMENT_DEPTH } from "../config.ts";
import { stripUnsafeLinks } from "../library/safe-href.ts";
import { DOCUMENT_FRAGMENT } from "./state-store.ts";

/**
 * Everything the server reads out of a document's Y.Doc: ProseMirror JSON, plain text and
 * the list of sections (headings and clause positions) that search and deep links use
 * (docs/design/library-and-collab.md, "Derivation").
 *
 * Reading never changes the Y.Doc: the JSON comes from y-tiptap's schema-free reader (its
 * schema-based reader deletes nodes that do not fit the schema, which would be an unlogged
 * change to a live room). The schema only tells block from inline nodes here, and checks
 * JSON before it becomes Yjs content.
 */

export type ProseMirrorMark = { type: string; attrs?: Record<string, unknown> };
export type ProseMirrorJSON = {
  type: string;
  attrs?: Record<string, unknown>;
  content?: ProseMirrorJSON[];
  text?: string;
  marks?: ProseMirrorMark[];
};

/** A clause position's text by part; a part's text includes its model wording (ADR 035). */
export type ClauseSummary = {
  clauseId: string;
  name: string;
  preferred: string;
  /** In document order. */
  fallbacks: string[];
  greyzone: string;
  redline: string;
  rationale: string;
  pushback: string;
  spotting: string;
  escalateTo: string;
  /** "" = any. */
  perspective: string;
  required: boolean;
  /** Who may approve each fallback (parallel to `fallbacks`), the grey zone and the red line: a role's name, "" = nobody named. */
  fallbackApprovers: string[];
  greyzoneApprover: string;
  redlineApprover: string;
};

export type Section = {
  /** Heading: slug of its text, `-2`, `-3`… when repeated. Clause: `clause-<clauseId>`. */
  anchor: string;
  kind: "heading" | "clause";
  title: string;
  level?: number;
  /** Heading: the text after it up to the next heading. Clause: all of the clause's text. */
  text: string;
  clause?: ClauseSummary;
};

export type Derived = { json: ProseMirrorJSON; text: string; sections: Section[] };

export { slugifyHeading };

const KNOWN_TEXTBLOCKS = new Set(["paragraph", "heading", "codeBlock"]);

function isTextblock(node: ProseMirrorJSON): boolean {
  const type = documentSchema.nodes[node.type];
  if (type) return type.isTextblock;
  return KNOWN_TEXTBLOCKS.has(node.type) || (node.content ?? []).some((child) => child.type === "text");
}

/** The text of inline content: text as is, hard breaks as newlines, template variables as `{{name}}`. */
function inlineText(node: ProseMirrorJSON): string {
  let out = "";
  for (const child of node.content ?? []) {
    if (child.type === "text") out += child.text ?? "";
    else if (child.type === "hardBreak") out += "\n";
    else if (child.type === "templateVariable") out += `{{${String(child.attrs?.name ?? "")}}}`;
    else out += inlineText(child);
  }
  return out;
}

/** The text of any node: its textblocks' text, one per line, empty ones left out. */
export function nodeText(node: ProseMirrorJSON): string {
  const lines: string[] = [];
  const walk = (n: ProseMirrorJSON) => {
    if (isTextblock(n)) {
      const text = inlineText(n);
      if (text.trim()) lines.push(text);
      return;
    }
    for (const child of n.content ?? []) walk(child);
  };
  walk(node);
  return lines.join("\n");
}

const str = (value: unknown): string => (typeof value === "string" ? value : "");

function summarizeClause(node: ProseMirrorJSON): ClauseSummary {
  const byRole = Object.fromEntries(CLAUSE_PART_ROLES.map((role) => [role, [] as string[]])) as Record<ClausePartRole, string[]>;
  const approvers = Object.fromEntries(CLAUSE_PART_ROLES.map((role) => [role, [] as string[]])) as Record<ClausePartRole, string[]>;
  for (const part of node.content ?? []) {
    if (part.type !== "clausePart") continue;
    const role = toClausePartRole(part.attrs?.role);
    byRole[role].push(nodeText(part));
    approvers[role].push(str(part.attrs?.approver));
  }
  return {
    clauseId: str(node.attrs?.clauseId),
    name: str(node.attrs?.name),
    preferred: byRole.preferred.join("\n"),
    fallbacks: byRole.fallback,
    greyzone: byRole.greyzone.join("\n"),
    redline: byRole.redline.join("\n"),
    rationale: byRole.rationale.join("\n"),
    pushback: byRole.pushback.join("\n"),
    spotting: byRole.spotting.join("\n"),
    escalateTo: str(node.attrs?.escalateTo),
    perspective: str(node.attrs?.perspective),
    required: node.attrs?.required === true,
    fallbackApprovers: approvers.fallback,
    greyzoneApprover: approvers.greyzone.find(Boolean) ?? "",
    redlineApprover: approvers.redline.find(Boolean) ?? "",
  };
}

/** Sections in document order; headings' `text` collects the textblocks up to the next heading. */
export function deriveSections(doc: ProseMirrorJSON): Section[] {
  const sections: Section[] = [];
  const used = new Set<string>();
  const unique = (base: string) => {
    let anchor = base;
    for (let n = 2; used.has(anchor); n++) anchor = `${base}-${n}`;
    used.add(anchor);
    return anchor;
  };
  // Clause anchors are stable ids: reserve them before headings take slugs.
  const clauses: ProseMirrorJSON[] = [];
  const collect = (n: ProseMirrorJSON) => {
    if (n.type === "clausePosition") clauses.push(n);
    for (const child of n.content ?? []) collect(child);
  };
  collect(doc);
  const clauseAnchors = new Map<ProseMirrorJSON, string>();
  for (const clause of clauses) clauseAnchors.set(clause, unique(`clause-${str(clause.attrs?.clauseId) || "unnamed"}`));

  let heading: { section: Section; lines: string[] } | null = null;
  const closeHeading = () => {
    if (heading) heading.section.text = heading.lines.join("\n");
    heading = null;
  };
  const walk = (n: ProseMirrorJSON) => {
    if (n.type === "heading") {
      closeHeading();
      const title = inlineText(n).trim();
      const level = typeof n.attrs?.level === "number" ? n.attrs.level : 1;
      const section: Section = { anchor: unique(slugifyHeading(title)), kind: "heading", title, level, text: "" };
      sections.push(section);
      heading = { section, lines: [] };
      return;
    }
    if (n.type === "clausePosition") {
      const clause = summarizeClause(n);
      sections.push({
        anchor: clauseAnchors.get(n) ?? unique(`clause-${clause.clauseId}`),
        kind: "clause",
        title: clause.name || "Clause",
        text: nodeText(n),
        clause,
      });
    }
    if (isTextblock(n)) {
      const text = inlineText(n);
      if (text.trim() && heading) (heading as { lines: string[] }).lines.push(text);
      return;
    }
    for (const child of n.content ?? []) walk(child);
  };
  walk(doc);
  closeHeading();
  return sections;
}

/** The document's content as ProseMirror JSON, read without changing the Y.Doc. */
export function yDocToJson(ydoc: Y.Doc): ProseMirrorJSON {
  const json = yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment(DOCUMENT_FRAGMENT)) as ProseMirrorJSON;
  // A collaborator's socket may send any href: what is stored, served and exported has none but safe ones.
  return stripUnsafeLinks({ ...json, type: "doc", content: json.content ?? [] });
}

/**
 * The JSON keeps open suggestions (it is the draft, marks and all); its plain text and sections,
 * which search, deep links and Markdown export read, are the text without them: every suggestion
 * rejected, as it would be published (ADR 032).
 */
export function deriveContent(ydoc: Y.Doc): Derived {
  const json = yDocToJson(ydoc);
  const settled = textWithoutSuggestions(json);
  return { json, text: nodeText(settled), sections: deriveSections(settled) };
}

/** The JSON with every open suggestion rejected; as it is when a schema-free read does not fit the schema. */
export function textWithoutSuggestions(json: ProseMirrorJSON): ProseMirrorJSON {
  try {
    return jsonWithoutSuggestions(documentSchema, json);
  } catch {
    return json;
  }
}

/**
 * Whether a document's nodes (through their `content` arrays) nest deeper than `max`: walked
 * with an explicit stack, so it answers quickly for a tree that would overflow the recursive
 * code after it (the schema check, Yjs, the renderers).
 */
export function documentDepthExceeds(json: unknown, max = MAX_DOCUMENT_DEPTH): boolean {
  const stack: Array<[node: unknown, depth: number]> = [[json, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) return true;
    const content = node && typeof node === "object" ? (node as { content?: unknown }).content : undefined;
    if (Array.isArray(content)) for (const child of content) stack.push([child, depth + 1]);
  }
  return false;
}

const tooDeep = () => new RangeError(`Nodes nest more than ${MAX_DOCUMENT_DEPTH} levels deep.`);

/** Checks JSON against the document schema; throws a RangeError naming what does not fit. */
export function checkDocumentJson(json: unknown): ProseMirrorJSON {
  if (documentDepthExceeds(json)) throw tooDeep();
  const node = documentSchema.nodeFromJSON(json);
  node.check();
  if (node.type.name !== "doc") throw new RangeError(`Expected a doc node, got ${node.type.name}.`);
  return documentNodeJson<ProseMirrorJSON>(node);
}

/** A new Y.Doc holding `json` (initial content). Throws when the JSON does not fit the schema. */
export function yDocFromJson(json: unknown): Y.Doc {
  const checked = stripUnsafeLinks(checkDocumentJson(json));
  return prosemirrorJSONToYDoc(documentSchema, checked, DOCUMENT_FRAGMENT);
}

/**
 * The Yjs update that turns `current` into `json`, as a new change on top of it (version
 * restore, replacing content): computed on a copy against `current`'s state vector, so
 * applying it through the collab server keeps every collaborator connected and in sync.
 * `current` is not changed. Throws when the JSON does not fit the schema.
 */
export function applyJsonAsUpdate(current: Y.Doc | Uint8Array, json: unknown): Uint8Array {
  if (documentDepthExceeds(json)) throw tooDeep();
  const node = documentSchema.nodeFromJSON(stripUnsafeLinks(structuredClone(json)));
  node.check();
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, current instanceof Uint8Array ? current : Y.encodeStateAsUpdate(current));
    const before = Y.encodeStateVector(copy);
    const fragment = copy.getXmlFragment(DOCUMENT_FRAGMENT);
    copy.transact(() => {
      if (fragment.length > 0) fragment.delete(0, fragment.length);
      prosemirrorToYXmlFragment(node, fragment);
    });
    return Y.encodeStateAsUpdate(copy, before);
  } finally {
    copy.destroy();
  }
}

/** Markdown (initial content, imports) to document JSON, with the schema's own Markdown rules. */
export function markdownToJson(markdown: string): ProseMirrorJSON {
  return checkDocumentJson(markdownToDocumentJson(markdown));
}
