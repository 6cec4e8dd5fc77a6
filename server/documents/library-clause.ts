import { newClausePositionJson, type ClauseSourceAttrs } from "../../app/editor/clause-position.ts";
import { deriveSections, type ProseMirrorJSON } from "./derive.ts";

/**
 * A clause of a published document, as another document copies it (ADR 033): what the clause
 * search finds (server/search/records.ts, one record per section) is found again here by the
 * same anchor. A clause position is copied as it is; a precedent's section (a heading and what
 * follows it, up to the next heading of the same or a higher level) becomes a clause position
 * named by the heading, its text the preferred position. A clause position keeps its perspective,
 * Required, approvers and model wording (ADR 035). Pure: JSON in, JSON out.
 */
export type LibraryClause = { name: string; escalateTo: string; perspective: string; required: boolean; parts: ProseMirrorJSON[] };

const EMPTY_PARAGRAPH: ProseMirrorJSON = { type: "paragraph" };

/** The clause at `anchor` (as deriveSections names it) in a document's JSON; null when there is none. */
export function findLibraryClause(doc: ProseMirrorJSON, anchor: string): LibraryClause | null {
  const sections = deriveSections(doc);
  const index = sections.findIndex((s) => s.anchor === anchor);
  const section = sections[index];
  if (!section) return null;
  if (section.kind === "clause") {
    const node = findNode(doc, (n) => n.type === "clausePosition" && `clause-${String(n.attrs?.clauseId ?? "")}` === anchor) ??
      // A repeated clause id gets `-2`, `-3`… (derive.ts): the n-th clause position then.
      nthNode(doc, (n) => n.type === "clausePosition", sections.slice(0, index).filter((s) => s.kind === "clause").length);
    if (!node) return null;
    return {
      name: String(node.attrs?.name ?? ""),
      escalateTo: String(node.attrs?.escalateTo ?? ""),
      perspective: String(node.attrs?.perspective ?? ""),
      required: node.attrs?.required === true,
      parts: node.content ?? [],
    };
  }
  // Headings in the order deriveSections met them: the same count finds the same heading.
  const headingNumber = sections.slice(0, index).filter((s) => s.kind === "heading").length;
  const top = doc.content ?? [];
  let seen = -1;
  let at = -1;
  for (let i = 0; i < top.length && at < 0; i++) {
    const block = top[i]!;
    if (block.type === "heading") seen += 1;
    else seen += countNodes(block, (n) => n.type === "heading");
    if (block.type === "heading" && seen === headingNumber) at = i;
    if (seen >= headingNumber && at < 0) return null; // a heading inside a callout, a table…: not a section of its own to copy
  }
  if (at < 0) return null;
  const level = Number(top[at]!.attrs?.level ?? 1);
  const body: ProseMirrorJSON[] = [];
  for (let i = at + 1; i < top.length; i++) {
    const block = top[i]!;
    if (block.type === "heading" && Number(block.attrs?.level ?? 1) <= level) break;
    body.push(block);
  }
  return {
    name: section.title,
    escalateTo: "",
    perspective: "",
    required: false,
    parts: [{ type: "clausePart", attrs: { role: "preferred" }, content: body.length ? body : [EMPTY_PARAGRAPH] }],
  };
}

/** The clause position a document inserts for a library clause, remembering where it came from. */
export function libraryClauseJson(clause: LibraryClause, source: ClauseSourceAttrs): ProseMirrorJSON {
  const { name, escalateTo, perspective, required } = clause;
  const json = newClausePositionJson({ name, escalateTo, perspective, required, ...source }) as ProseMirrorJSON;
  return { ...json, content: clause.parts.length ? clause.parts : json.content };
}

function findNode(node: ProseMirrorJSON, match: (n: ProseMirrorJSON) => boolean): ProseMirrorJSON | null {
  if (match(node)) return node;
  for (const child of node.content ?? []) {
    const found = findNode(child, match);
    if (found) return found;
  }
  return null;
}

function nthNode(node: ProseMirrorJSON, match: (n: ProseMirrorJSON) => boolean, n: number): ProseMirrorJSON | null {
  let count = -1;
  return findNode(node, (candidate) => match(candidate) && ++count === n);
}

function countNodes(node: ProseMirrorJSON, match: (n: ProseMirrorJSON) => boolean): number {
  let count = match(node) ? 1 : 0;
  for (const child of node.content ?? []) count += countNodes(child, match);
  return count;
}
