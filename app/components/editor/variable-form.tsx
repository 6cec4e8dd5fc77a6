import type { Editor } from "@tiptap/core";
import {
  CHOICES_SEPARATOR,
  TEMPLATE_VARIABLE_NAME,
  TEMPLATE_VARIABLE_TYPES,
  toTemplateVariableType,
  type TemplateVariableAttrs,
  type TemplateVariableType,
} from "~/editor/template-variable";
import { PromptForm } from "./prompt-form";

const TYPE_LABEL: Record<TemplateVariableType, string> = {
  text: "Text (one line)",
  long: "Passage (several lines)",
  date: "Date",
  number: "Number",
  choice: "Choice from a list",
};

/** The details the form gives back, checked; or what to fix. */
export function variableFromForm(values: Record<string, string | boolean>): TemplateVariableAttrs | string {
  const name = String(values.name ?? "");
  if (!TEMPLATE_VARIABLE_NAME.test(name)) return "A name starts with a letter or _ and has letters, digits, _, . or -.";
  const type = toTemplateVariableType(values.type);
  const lines = type === "choice" ? String(values.choices ?? "").split(/\r?\n/) : [];
  if (lines.some((line) => line.includes(CHOICES_SEPARATOR))) return `A choice cannot contain “${CHOICES_SEPARATOR}”.`;
  const choices = [...new Set(lines.map((line) => line.trim()).filter(Boolean))];
  if (type === "choice" && choices.length < 2) return "List at least two choices, one a line.";
  const defaultValue = String(values.defaultValue ?? "");
  if (type === "choice" && defaultValue && !choices.includes(defaultValue)) return `The default must be one of the choices: ${choices.join(", ")}.`;
  return { name, label: String(values.label ?? ""), defaultValue, required: values.required === true, type, choices };
}

/**
 * Insert a template variable, or change one already in the document (`editing`: its name and
 * details as the panel lists them). A change applies to every use of the name, in one
 * transaction, so co-editors get it like any other edit.
 */
export function VariableForm({ editor, editing, onDone }: { editor: Editor; editing?: TemplateVariableAttrs; onDone: () => void }) {
  return (
    <PromptForm
      key={editing?.name ?? ""}
      title={editing ? `Edit variable {{${editing.name}}}` : "Insert a template variable"}
      submitLabel={editing ? "Save" : "Insert"}
      fields={[
        {
          name: "name",
          label: "Name",
          required: true,
          pattern: "[A-Za-z_][A-Za-z0-9_.\\-]*",
          hint: "Letters, digits, _ . - ; starts with a letter",
          defaultValue: editing?.name,
        },
        { name: "label", label: "Label", defaultValue: editing?.label },
        { name: "type", label: "Type", type: "select", options: TEMPLATE_VARIABLE_TYPES.map((t) => ({ value: t, label: TYPE_LABEL[t] })), defaultValue: editing?.type },
        {
          name: "choices",
          label: "Choices",
          type: "lines",
          hint: "One a line, in the order the form offers them.",
          defaultValue: editing?.choices.join("\n"),
          shownWhen: { field: "type", equals: "choice" },
        },
        { name: "defaultValue", label: "Default", defaultValue: editing?.defaultValue },
        { name: "required", label: "Required", type: "checkbox", defaultValue: String(editing?.required ?? false) },
      ]}
      onCancel={() => {
        onDone();
        editor.commands.focus();
      }}
      onSubmit={(values) => {
        const variable = variableFromForm(values);
        if (typeof variable === "string") return variable;
        const chain = editor.chain().focus();
        const done = editing ? chain.updateTemplateVariable(editing.name, variable).run() : chain.insertTemplateVariable(variable).run();
        if (!done) return editing ? `{{${editing.name}}} is no longer in the document.` : "The variable could not be inserted here.";
        onDone();
      }}
    />
  );
}
