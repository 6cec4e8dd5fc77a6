import { textOf } from "./mandate-forms.server";

/** The mandate page's forms as the request service's inputs (ADR 042): blanks left out, the service validates. */

export function requestDecisionInput(form: FormData) {
  const text = textOf(form);
  return text("decision") === "accept" ? { decision: "accept", dueDate: text("dueDate") } : { decision: text("decision"), reason: text("reason") };
}

export function deliveryAnswerInput(form: FormData) {
  const text = textOf(form);
  const onBehalf = text("onBehalf") === "true";
  return { decision: text("decision"), reason: text("reason"), ...(onBehalf ? { onBehalf: true, clientAnswer: text("clientAnswer") } : {}) };
}

/** `forms.<i>.<field>` fields as the list of forms, in order. */
export function requestFormsInput(form: FormData) {
  const forms: Array<Record<string, unknown>> = [];
  for (const [name, value] of form.entries()) {
    const match = /^forms\.(\d+)\.(\w+)$/.exec(name);
    if (!match || typeof value !== "string") continue;
    const row = (forms[Number(match[1])] ??= { fields: {} });
    if (match[2] === "deliverableType" || match[2] === "guidance") row[match[2]] = value;
    else (row.fields as Record<string, string>)[match[2]!] = value;
  }
  return { forms: forms.filter(Boolean) };
}
