import type { JSONContent } from "@tiptap/core";
import type { TemplateVariableAttrs } from "../../app/editor/template-variable.ts";

/**
 * A template's variables as its form asks for them: each name once, in the order it first
 * appears. A variable used several times may carry its details on any use ({{client_name
 * label="Client name" required}} then {{client_name}}): the first label and default win, and it is
 * required if any use says so.
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
    const found = byName.get(name) ?? { name, label: "", defaultValue: "", required: false };
    found.label ||= String(attrs.label ?? "");
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
