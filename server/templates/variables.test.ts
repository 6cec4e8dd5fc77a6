import type { JSONContent } from "@tiptap/core";
import { describe, expect, test } from "vitest";
import { markdownToDocumentJson } from "../../app/editor/markdown.ts";
import { collectTemplateVariables, fillTemplateVariables, missingRequired, mistypedValues, writtenValues } from "./variables.ts";

const TEMPLATE = markdownToDocumentJson(
  [
    "# Letter to {{client_name label=\"Client name\" required}}",
    "",
    "Dear **{{client_contact label=\"Client contact\"}}**, the fee is {{fee default=\"EUR 1,000.00\"}}.",
    "",
    "| Party | Role |",
    "| --- | --- |",
    "| {{client_name}} | Client |",
    "",
    "Findings: {{findings label=\"Findings\" required}}",
  ].join("\n"),
);

const TEMPLATE_WITH_TERM = markdownToDocumentJson('For {{term_years label="Duration in years" default="3" required}} years.');

const textOf = (doc: JSONContent): string =>
  doc.type === "text" ? doc.text ?? "" : doc.type === "hardBreak" ? "\n" : (doc.content ?? []).map(textOf).join(doc.type === "doc" ? "\n" : "");

describe("template variables", () => {
  test("each name once, in order of first use, details merged from every use", () => {
    expect(collectTemplateVariables(TEMPLATE)).toEqual([
      { name: "client_name", label: "Client name", defaultValue: "", required: true, type: "text", choices: [] },
      { name: "client_contact", label: "Client contact", defaultValue: "", required: false, type: "text", choices: [] },
      { name: "fee", label: "", defaultValue: "EUR 1,000.00", required: false, type: "text", choices: [] },
      { name: "findings", label: "Findings", defaultValue: "", required: true, type: "text", choices: [] },
    ]);
  });

  test("required ones without a value are missing; whitespace is no value", () => {
    const variables = collectTemplateVariables(TEMPLATE);
    expect(missingRequired(variables, { client_name: "  ", findings: "None" }).map((v) => v.name)).toEqual(["client_name"]);
    expect(missingRequired(variables, { client_name: "Acme", findings: "None" })).toEqual([]);
  });

  test("a required variable with a default is never missing: the default is its value", () => {
    const variables = collectTemplateVariables(TEMPLATE_WITH_TERM);
    expect(missingRequired(variables, {})).toEqual([]);
    expect(missingRequired(variables, { term_years: " " })).toEqual([]);
    expect(textOf(fillTemplateVariables(TEMPLATE_WITH_TERM, variables, {}))).toBe("For 3 years.");
  });

  test("filling replaces every use, keeps marks, uses defaults, leaves a visible blank, and never parses the value", () => {
    const variables = collectTemplateVariables(TEMPLATE);
    const filled = fillTemplateVariables(TEMPLATE, variables, { client_name: "Acme <b>Ltd</b>", findings: "1. Cap too low\n2. No audit right" });
    const text = textOf(filled);
    expect(text).toContain("Letter to Acme <b>Ltd</b>");
    expect(text).toContain("Dear [Client contact], the fee is EUR 1,000.00.");
    expect(text).toContain("Acme <b>Ltd</b>Client");
    expect(text).toContain("Findings: 1. Cap too low\n2. No audit right");
    expect(JSON.stringify(filled)).not.toContain("templateVariable");
    // The template itself is untouched.
    expect(collectTemplateVariables(TEMPLATE)).toHaveLength(4);
  });

  test("a date variable takes a YYYY-MM-DD day and the document writes it as a letter does; a number takes digits", () => {
    const doc = markdownToDocumentJson('Dated {{signed label="Date of agreement" type="date"}}, for {{term label="Years" type="number"}} years; {{since type="date" default="2026-01-05"}}.');
    const variables = collectTemplateVariables(doc);
    expect(variables.map((v) => v.type)).toEqual(["date", "number", "date"]);
    expect(mistypedValues(variables, { signed: "next Tuesday", term: "three", since: "2026-02-30" })).toEqual([
      { path: "values.signed", message: "Date of agreement is a date: give it as YYYY-MM-DD." },
      { path: "values.term", message: "Years is a number." },
      { path: "values.since", message: "since is a date: give it as YYYY-MM-DD." },
    ]);
    expect(mistypedValues(variables, { signed: "2026-12-01", term: "3", since: "" })).toEqual([]);
    expect(textOf(fillTemplateVariables(doc, variables, writtenValues(variables, { signed: "2026-12-01", term: "3" })))).toBe(
      "Dated 1 December 2026, for 3 years; 5 January 2026.",
    );
  });

  test("a choice variable takes one of its choices, exactly as listed", () => {
    const doc = markdownToDocumentJson('Risk {{risk label="Risk level" type="choice" choices="Low|Medium|High"}}; again {{risk}}.');
    const variables = collectTemplateVariables(doc);
    expect(variables).toEqual([{ name: "risk", label: "Risk level", defaultValue: "", required: false, type: "choice", choices: ["Low", "Medium", "High"] }]);
    expect(mistypedValues(variables, { risk: "Severe" })).toEqual([{ path: "values.risk", message: "Risk level is one of: Low, Medium, High." }]);
    expect(mistypedValues(variables, { risk: "medium" })).toHaveLength(1);
    expect(mistypedValues(variables, { risk: "Medium" })).toEqual([]);
    expect(textOf(fillTemplateVariables(doc, variables, writtenValues(variables, { risk: "High" })))).toBe("Risk High; again High.");
  });

  test("a variable's marks carry over to its value, on every line", () => {
    const doc: JSONContent = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "templateVariable", attrs: { name: "party" }, marks: [{ type: "bold" }] }] }],
    };
    const filled = fillTemplateVariables(doc, collectTemplateVariables(doc), { party: "Acme\nLtd" });
    expect(filled.content?.[0]?.content).toEqual([
      { type: "text", text: "Acme", marks: [{ type: "bold" }] },
      { type: "hardBreak" },
      { type: "text", text: "Ltd", marks: [{ type: "bold" }] },
    ]);
  });
});
