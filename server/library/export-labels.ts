import type { JSONContent } from "@tiptap/core";
import { countSuggestionsInJson } from "../../app/editor/suggestions.ts";

/**
 * How the Word and print exports name what the editor shows as controls: a clause position's
 * parts and a template's blanks. One place, so both read the same to a lawyer.
 */

/**
 * A clause position's heading: its name (or "Clause position"), and the lines under it: who to
 * escalate to, the perspective it is written from, whether it is required. Lines only when set.
 */
export function clauseHeading(attrs: JSONContent["attrs"]): { name: string; notes: string[] } {
  const escalateTo = String(attrs?.escalateTo ?? "").trim();
  const perspective = String(attrs?.perspective ?? "").trim();
  const notes = [escalateTo ? `Escalate to: ${escalateTo}` : "", perspective ? `Perspective: ${perspective}` : "", attrs?.required === true ? "Required" : ""];
  return { name: String(attrs?.name ?? "").trim() || "Clause position", notes: notes.filter(Boolean) };
}

/** Who may approve a part, as printed under its label ("Approver: Supervising associate"); "" when no one is named. */
export function clausePartApprover(attrs: JSONContent["attrs"]): string {
  const approver = String(attrs?.approver ?? "").trim();
  return approver ? `Approver: ${approver}` : "";
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
