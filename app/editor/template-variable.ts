import { Node, mergeAttributes, type MarkdownTokenizer } from "@tiptap/core";
import { parseMarkdownAttrs, serializeMarkdownAttrs, tokenAttr } from "./markdown-container";

/**
 * What a variable's value is, for the form that asks for it: one line of text (the default), a
 * passage (`long`), a calendar day (`date`: given as YYYY-MM-DD, written "1 December 2026"), a
 * number, or one of a list of `choices` (`choice`).
 */
export const TEMPLATE_VARIABLE_TYPES = ["text", "long", "date", "number", "choice"] as const;
export type TemplateVariableType = (typeof TEMPLATE_VARIABLE_TYPES)[number];

export function toTemplateVariableType(value: unknown): TemplateVariableType {
  return TEMPLATE_VARIABLE_TYPES.find((type) => type === value) ?? "text";
}

export type TemplateVariableAttrs = {
  name: string;
  label: string;
  defaultValue: string;
  required: boolean;
  type: TemplateVariableType;
  /** The values a `choice` variable may take, in the order the form offers them; empty for the other types. */
  choices: string[];
};

/** Choices are written `Low|Medium|High` in HTML and Markdown, so a choice cannot contain "|". */
export const CHOICES_SEPARATOR = "|";

/** Choices as stored: trimmed, without blanks or repeats. Takes a list or the `A|B` form. */
export function toTemplateVariableChoices(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(CHOICES_SEPARATOR) : [];
  return [...new Set(items.map((item) => String(item).trim()).filter(Boolean))];
}

/** Variable names: a letter or underscore, then letters, digits, `_`, `.` or `-`. */
export const TEMPLATE_VARIABLE_NAME = /^[A-Za-z_][\w.-]*$/;

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    templateVariable: {
      /** Insert a `{{name}}` template variable at the selection. */
      insertTemplateVariable: (attrs: Partial<TemplateVariableAttrs> & { name: string }) => ReturnType;
      /**
       * Change the variable called `name` wherever it is used (a name is one variable, however
       * many times it appears); a new `name` renames every use.
       */
      updateTemplateVariable: (name: string, attrs: Partial<TemplateVariableAttrs>) => ReturnType;
    };
  }
}

const TOKEN = /^\{\{\s*([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w-]*(?:="(?:[^"\\]|\\.)*")?)*)\s*\}\}/;

const tokenizer: MarkdownTokenizer = {
  name: "templateVariable",
  level: "inline",
  start: (src: string) => src.indexOf("{{"),
  tokenize(src) {
    const match = src.match(TOKEN);
    if (!match) return undefined;
    return { type: "templateVariable", raw: match[0], name: match[1], attrs: parseMarkdownAttrs(match[2] ?? "") };
  },
};

/**
 * `templateVariable` inline atom, attrs `{ name, label, defaultValue, required, type, choices }`.
 * HTML: `<span data-template-variable data-name="party" data-label="…" data-default="…" data-required="true" data-type="date">{{party}}</span>`,
 * a choice also `data-choices="Low|Medium|High"`.
 * Markdown: `{{party}}`, or with details `{{party label="Counterparty" default="Acme" required}}`, `{{signed_on type="date"}}`,
 * `{{risk type="choice" choices="Low|Medium|High"}}`.
 */
export const TemplateVariable = Node.create({
  name: "templateVariable",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,

  addAttributes() {
    return {
      name: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-name") ?? "",
        renderHTML: (attributes) => ({ "data-name": String(attributes.name ?? "") }),
      },
      label: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-label") ?? "",
        renderHTML: (attributes) => (attributes.label ? { "data-label": String(attributes.label) } : {}),
      },
      defaultValue: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-default") ?? "",
        renderHTML: (attributes) => (attributes.defaultValue ? { "data-default": String(attributes.defaultValue) } : {}),
      },
      required: {
        default: false,
        parseHTML: (element) => element.getAttribute("data-required") === "true",
        renderHTML: (attributes) => (attributes.required ? { "data-required": "true" } : {}),
      },
      type: {
        default: "text",
        parseHTML: (element) => toTemplateVariableType(element.getAttribute("data-type")),
        renderHTML: (attributes) => (toTemplateVariableType(attributes.type) !== "text" ? { "data-type": toTemplateVariableType(attributes.type) } : {}),
      },
      choices: {
        default: [],
        parseHTML: (element) => toTemplateVariableChoices(element.getAttribute("data-choices")),
        renderHTML: (attributes) => {
          const choices = toTemplateVariableChoices(attributes.choices);
          return choices.length ? { "data-choices": choices.join(CHOICES_SEPARATOR) } : {};
        },
      },
    };
  },

  parseHTML() {
    return [{ tag: "span[data-template-variable]" }];
  },

  renderHTML({ node, HTMLAttributes }) {
    return ["span", mergeAttributes({ "data-template-variable": "" }, HTMLAttributes), `{{${String(node.attrs.name)}}}`];
  },

  renderText({ node }) {
    return `{{${String(node.attrs.name)}}}`;
  },

  addCommands() {
    return {
      insertTemplateVariable:
        (attrs) =>
        ({ commands }) =>
          TEMPLATE_VARIABLE_NAME.test(attrs.name) &&
          commands.insertContent({
            type: this.name,
            attrs: {
              name: attrs.name,
              label: attrs.label ?? "",
              defaultValue: attrs.defaultValue ?? "",
              required: attrs.required ?? false,
              type: toTemplateVariableType(attrs.type),
              choices: toTemplateVariableChoices(attrs.choices),
            },
          }),
      updateTemplateVariable:
        (name, attrs) =>
        ({ tr, dispatch }) => {
          if (attrs.name !== undefined && !TEMPLATE_VARIABLE_NAME.test(attrs.name)) return false;
          const changes = Object.entries({
            ...attrs,
            ...(attrs.type !== undefined ? { type: toTemplateVariableType(attrs.type) } : {}),
            ...(attrs.choices !== undefined ? { choices: toTemplateVariableChoices(attrs.choices) } : {}),
          }).filter(([, value]) => value !== undefined);
          let found = false;
          tr.doc.descendants((node, pos) => {
            if (node.type.name !== this.name || node.attrs.name !== name) return true;
            found = true;
            if (dispatch) for (const [key, value] of changes) tr.setNodeAttribute(pos, key, value);
            return false;
          });
          return found;
        },
    };
  },

  markdownTokenizer: tokenizer,
  parseMarkdown: (token, h) =>
    h.createNode("templateVariable", {
      name: String(token.name ?? ""),
      label: tokenAttr(token, "label") ?? "",
      defaultValue: tokenAttr(token, "default") ?? "",
      required: (token.attrs as Record<string, unknown> | undefined)?.required === true,
      type: toTemplateVariableType(tokenAttr(token, "type")),
      choices: toTemplateVariableChoices(tokenAttr(token, "choices")),
    }),
  renderMarkdown: (node) => {
    const type = toTemplateVariableType(node.attrs?.type);
    const details = serializeMarkdownAttrs({
      label: node.attrs?.label,
      default: node.attrs?.defaultValue,
      required: node.attrs?.required === true,
      type: type === "text" ? undefined : type,
      choices: toTemplateVariableChoices(node.attrs?.choices).join(CHOICES_SEPARATOR),
    });
    return `{{${String(node.attrs?.name ?? "")}${details ? ` ${details}` : ""}}}`;
  },
});
