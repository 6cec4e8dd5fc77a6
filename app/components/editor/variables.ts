import type { Node as PMNode } from "@tiptap/pm/model";
import { toTemplateVariableChoices, toTemplateVariableType, type TemplateVariableAttrs } from "~/editor/template-variable";

export type DocumentVariable = TemplateVariableAttrs & { count: number };

/**
 * The template variables a document uses, in order of first use. A name used several times is
 * listed once; the first occurrence with a label/default/type/choices wins, and it is required
 * if any use is (as the template form reads them: server/templates/variables.ts).
 */
export function collectVariables(doc: PMNode): DocumentVariable[] {
  const byName = new Map<string, DocumentVariable>();
  doc.descendants((node) => {
    if (node.type.name !== "templateVariable") return true;
    const name = String(node.attrs.name ?? "");
    if (!name) return false;
    const seen = byName.get(name) ?? { name, label: "", defaultValue: "", required: false, type: "text", choices: [], count: 0 };
    seen.count += 1;
    seen.label ||= String(node.attrs.label ?? "");
    seen.defaultValue ||= String(node.attrs.defaultValue ?? "");
    seen.required ||= node.attrs.required === true;
    if (seen.type === "text") seen.type = toTemplateVariableType(node.attrs.type);
    if (!seen.choices.length) seen.choices = toTemplateVariableChoices(node.attrs.choices);
    byName.set(name, seen);
    return false;
  });
  return [...byName.values()];
}
