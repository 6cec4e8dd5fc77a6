import type { JSONContent } from "@tiptap/core";
import { toClausePartRole, type ClausePartRole } from "../../app/editor/clause-position.ts";
import { countSuggestionsInJson } from "../../app/editor/suggestions.ts";

/**
 * How the Word and print exports name what the editor shows as controls: a clause position's
 * parts and a template's blanks. One place, so both read the same to a lawyer.
 */

const ROLE_LABELS: Record<ClausePartRole, string> = {
  preferred: "Preferred position",
  fallback: "Fallback",
  redline: "Red line",
  rationale: "Rationale",
};

/** A label per part, in order; fallbacks are numbered when there are several ("Fallback 1", "Fallback 2"). */
export function clausePartLabels(parts: JSONContent[]): string[] {
  const fallbacks = parts.filter((part) => toClausePartRole(part.attrs?.role) === "fallback").length;
  let fallback = 0;
  return parts.map((part) => {
    const role = toClausePartRole(part.attrs?.role);
    if (role !== "fallback" || fallbacks < 2) return ROLE_LABELS[role];
    fallback += 1;
    return `${ROLE_LABELS.fallback} ${fallback}`;
  });
}

/** A clause position's heading: its name (or "Clause position"), and who to escalate to. */
export function clauseHeading(attrs: JSONContent["attrs"]): { name: string; escalateTo: string } {
  return { name: String(attrs?.name ?? "").trim() || "Clause position", escalateTo: String(attrs?.escalateTo ?? "").trim() };
}

/** A template variable as a drafting blank: "[Counterparty]", from its label, else its name. */
export function templateBlank(attrs: JSONContent["attrs"]): string {
  return `[${String(attrs?.label || attrs?.name || "…")}]`;
}

/** A checklist item's box as printed: ☑ ticked, ☐ not, with the words a screen reader says for it. */
export function taskBox(attrs: JSONContent["attrs"]): { symbol: string; label: string } {
  return attrs?.checked === true ? { symbol: "☑", label: "done" } : { symbol: "☐", label: "not done" };
}

/**
 * The marking every copy of a client's material carries (ADR 013): on screen, in the print page,
 * in Word's page header and in the Markdown export. null for house knowledge.
 */
export function confidentialityMarking(doc: { confidentiality: "HOUSE" | "CLIENT_CONFIDENTIAL" | "PRIVILEGED"; clientName?: string | null }): string | null {
  const of = doc.clientName ? ` of ${doc.clientName}` : "";
  if (doc.confidentiality === "PRIVILEGED") return `Privileged & confidential: client material${of}`;
  if (doc.confidentiality === "CLIENT_CONFIDENTIAL") return `Confidential: client material${of}`;
  return null;
}

/** Whether a document holds open suggestions: the Word file opens with Track Changes on, the print page says it is a redline. */
export const hasSuggestions = (node: JSONContent): boolean => countSuggestionsInJson(node) > 0;
