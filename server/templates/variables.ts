import type { JSONContent } from "@tiptap/core";
import { toTemplateVariableChoices, toTemplateVariableType, type TemplateVariableAttrs } from "../../app/editor/template-variable.ts";
import { DaySchema } from "../validation.ts";
import { longDate } from "./dates.ts";

/**
 * A template's variables as its form asks for them: each name once, in the order it first
 * appears. A variable used several times may carry its details on any use ({{client_name
 * label="Client name" required}} then {{client_name}}): the first label, default, type (other
 * than plain text) and list of choices win, and it is required if any use says so.
 */
export type TemplateVariable = TemplateVariableAttrs;

function eachNode(node: JSONContent, visit: (node: JSONContent) => void) {
  visit(node);
  for (const child of node.content ?? []) eachNode(child, visit);
}

export function collectTemplateVariables(doc: JSONContent): TemplateVariable[] {
  const byName = new Map<string, TemplateVariable>();
  eachNode(doc, (node) => {
    if (node.type !== "templateVariable") return;
    const attrs = node.attrs ?? {};
    const name = String(attrs.name ?? "");
    if (!name) return;
    const found: TemplateVariable = byName.get(name) ?? { name, label: "", defaultValue: "", required: false, type: "text", choices: [] };
    found.label ||= String(attrs.label ?? "");
    if (found.type === "text") found.type = toTemplateVariableType(attrs.type);
    if (!found.choices.length) found.choices = toTemplateVariableChoices(attrs.choices);
    found.defaultValue ||= String(attrs.defaultValue ?? "");
    found.required ||= attrs.required === true;
    byName.set(name, found);
  });
  return [...byName.values()];
}

/** What a variable shows in the generated document when nothing was given: its default, else a bracketed blank a lawyer will see. */
export function blankFor(variable: Pick<TemplateVariable, "name" | "label" | "defaultValue">): string {
  return variable.defaultValue || `[${variable.label || variable.name}]`;
}

/**
 * The required variables without a value (whitespace is no value), in form order. A default is a
 * value: the filled document reads it when nothing is given ("Duration in years", default 3).
 */
export function missingRequired(variables: readonly TemplateVariable[], values: Readonly<Record<string, string>>): TemplateVariable[] {
  return variables.filter((v) => v.required && !v.defaultValue.trim() && !values[v.name]?.trim());
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const dayOf = (value: string): Date | null => {
  const parsed = DaySchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/**
 * Values that do not fit their variable's type, each named at `values.<name>`: a date is a
 * YYYY-MM-DD day, a number is digits, a choice is one of its choices (exactly as listed).
 */
export function mistypedValues(variables: readonly TemplateVariable[], values: Readonly<Record<string, string>>): { path: string; message: string }[] {
  return variables.flatMap((v) => {
    const value = values[v.name]?.trim();
    if (!value) return [];
    const label = v.label || v.name;
    if (v.type === "date" && !dayOf(value)) return [{ path: `values.${v.name}`, message: `${label} is a date: give it as YYYY-MM-DD.` }];
    if (v.type === "number" && !NUMBER.test(value)) return [{ path: `values.${v.name}`, message: `${label} is a number.` }];
    if (v.type === "choice" && v.choices.length && !v.choices.includes(value)) {
      return [{ path: `values.${v.name}`, message: `${label} is one of: ${v.choices.join(", ")}.` }];
    }
    return [];
  });
}

/**
 * The values as the document writes them: a date variable's day (given, else its default) as a
 * letter writes it, "1 December 2026"; anything else as given. Check them with mistypedValues first.
 */
export function writtenValues(variables: readonly TemplateVariable[], values: Readonly<Record<string, string>>): Record<string, string> {
  const written = { ...values };
  for (const v of variables) {
    if (v.type !== "date") continue;
    const day = dayOf(values[v.name]?.trim() || v.defaultValue);
    if (day) written[v.name] = longDate.format(day);
  }
  return written;
}

/**
 * The template with every variable replaced by its value as plain text, keeping the marks the
 * variable had (bold, italic…). Lines of a multi-line value are joined by hard breaks, so a
 * list of findings stays in its paragraph or table cell. Values are never parsed as Markdown or
 * HTML: what the user typed is what the document says.
 */
export function fillTemplateVariables(doc: JSONContent, variables: readonly TemplateVariable[], values: Readonly<Record<string, string>>): JSONContent {
  const byName = new Map(variables.map((v) => [v.name, v]));
  const fill = (node: JSONContent): JSONContent[] => {
    if (node.type === "templateVariable") {
      const name = String(node.attrs?.name ?? "");
      const given = values[name]?.trim() ? values[name]!.trim() : undefined;
      const text = given ?? blankFor(byName.get(name) ?? { name, label: "", defaultValue: "" });
      const marks = node.marks?.length ? { marks: node.marks } : {};
      return text
        .split(/\r?\n/)
        .flatMap((line, i): JSONContent[] => [...(i > 0 ? [{ type: "hardBreak" }] : []), ...(line ? [{ type: "text", text: line, ...marks }] : [])]);
    }
    return node.content ? [{ ...node, content: node.content.flatMap(fill) }] : [node];
  };
  return fill(doc)[0]!;
}
