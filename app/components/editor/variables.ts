import type { Node as PMNode } from "@tiptap/pm/model";

export type DocumentVariable = { name: string; label: string; defaultValue: string; required: boolean; count: number };

/**
 * The template variables a document uses, in order of first use. A name used several times is
 * listed once; the first occurrence with a label/default wins, and it is required if any use is.
 */
export function collectVariables(doc: PMNode): DocumentVariable[] {
  const byName = new Map<string, DocumentVariable>();
  doc.descendants((node) => {
    if (node.type.name !== "templateVariable") return true;
    const name = String(node.attrs.name ?? "");
    if (!name) return false;
    const label = String(node.attrs.label ?? "");
    const defaultValue = String(node.attrs.defaultValue ?? "");
    const required = node.attrs.required === true;
    const seen = byName.get(name);
    if (!seen) byName.set(name, { name, label, defaultValue, required, count: 1 });
    else {
      seen.count += 1;
      seen.label ||= label;
      seen.defaultValue ||= defaultValue;
      seen.required ||= required;
    }
    return false;
  });
  return [...byName.values()];
}
