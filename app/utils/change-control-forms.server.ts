// The mandate page's scope forms as the change-control service's input (ADR 043). Text goes
// through as typed: the service's schemas name what is wrong.
import { textOf } from "./mandate-forms.server";

/** "NDA: 2" per line (or "Any: 10" for every type) as [{ deliverableType, maxPerMonth }]; a line without a colon is the service's to refuse. */
function linesOf(text: string | undefined, numberKey: "maxPerMonth" | "count", typeKey: "deliverableType") {
  return (text ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.lastIndexOf(":");
      const type = (at < 0 ? line : line.slice(0, at)).trim();
      const n = at < 0 ? "" : line.slice(at + 1).trim();
      return { [typeKey]: numberKey === "maxPerMonth" && /^any$/i.test(type) ? null : type, [numberKey]: /^\d+$/.test(n) ? Number(n) : n };
    });
}

const wholeOrNull = (text: string | undefined) => (text === undefined ? null : /^\d+$/.test(text.trim()) ? Number(text) : text.trim());

export function assumptionsInput(form: FormData) {
  const text = textOf(form);
  return {
    volumes: linesOf(text("volumes"), "maxPerMonth", "deliverableType"),
    responseBusinessDays: wholeOrNull(text("responseBusinessDays")),
    maxRounds: wholeOrNull(text("maxRounds")),
    outOfScopeTypes: (text("outOfScopeTypes") ?? "")
      .split(/[,\n]/)
      .map((t) => t.trim())
      .filter(Boolean),
  };
}

export function changeRequestInput(form: FormData) {
  const text = textOf(form);
  return {
    title: text("title"),
    justification: text("justification"),
    scope: linesOf(text("scope"), "count", "deliverableType"),
    budgetDelta: text("budgetDelta"),
    newTargetDate: text("newTargetDate") ?? null,
  };
}
