import { Node, mergeAttributes, type JSONContent } from "@tiptap/core";
import { containerTokenizer, parseContainerChildren, renderContainer } from "./markdown-container";

export const CALLOUT_TONES = ["info", "warning", "tip", "drafting"] as const;
export type CalloutTone = (typeof CALLOUT_TONES)[number];

/** Each tone as the editor and the exports label it. */
export const CALLOUT_LABEL: Record<CalloutTone, string> = { info: "Note", warning: "Warning", tip: "Tip", drafting: "Drafting note" };

export function toCalloutTone(value: unknown): CalloutTone {
  return CALLOUT_TONES.find((tone) => tone === value) ?? "info";
}

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    callout: {
      /** Wrap the selection in a callout, or lift it out of one. */
      toggleCallout: (attrs?: { tone?: CalloutTone }) => ReturnType;
    };
  }
}

const textOf = (node: JSONContent): string => node.text ?? (node.content ?? []).map(textOf).join("");

/**
 * A note for whoever drafts from a template, never for the reader: a `drafting` callout, or one a
 * template written before that tone opens with "Drafting note(s)" (the starter library's did, as
 * an info callout). A document generated from a template leaves them out, and so do the exports.
 */
export function isDraftingNote(node: JSONContent): boolean {
  if (node.type !== "callout") return false;
  return node.attrs?.tone === "drafting" || /^\s*drafting notes?\b/i.test(textOf(node));
}

/** The document without its drafting notes, wherever they sit. */
export function withoutDraftingNotes(doc: JSONContent): JSONContent {
  const strip = (node: JSONContent): JSONContent => (node.content ? { ...node, content: node.content.filter((c) => !isDraftingNote(c)).map(strip) } : node);
  return strip(doc);
}

/**
 * `callout` block, attrs `{ tone: "info" | "warning" | "tip" | "drafting" }`, content `block+`.
 * HTML: `<div data-callout data-tone="warning">…</div>`.
 * Markdown: `:::warning` … `:::` (also reads `:::note` as info).
 */
export const Callout = Node.create({
  name: "callout",
  group: "block",
  content: "block+",
  defining: true,

  addAttributes() {
    return {
      tone: {
        default: "info",
        parseHTML: (element) => toCalloutTone(element.getAttribute("data-tone")),
        renderHTML: (attributes) => ({ "data-tone": toCalloutTone(attributes.tone) }),
      },
    };
  },

  parseHTML() {
    return [{ tag: "div[data-callout]" }];
  },

  renderHTML({ HTMLAttributes }) {
    return ["div", mergeAttributes({ "data-callout": "", role: "note" }, HTMLAttributes), 0];
  },

  addCommands() {
    return {
      toggleCallout:
        (attrs) =>
        ({ commands }) =>
          commands.toggleWrap(this.name, { tone: toCalloutTone(attrs?.tone) }),
    };
  },

  addKeyboardShortcuts() {
    return {
      // Enter in an empty last paragraph leaves the callout, as in a list.
      Enter: ({ editor }) => {
        const { $from, empty } = editor.state.selection;
        if (!empty || $from.depth < 2) return false;
        const callout = $from.node(-1);
        if (callout.type.name !== this.name || callout.childCount < 2) return false;
        if ($from.parent.content.size > 0 || $from.index(-1) !== callout.childCount - 1) return false;
        return editor.commands.lift(this.name);
      },
    };
  },

  markdownTokenizer: containerTokenizer("callout", [...CALLOUT_TONES, "note"]),
  parseMarkdown: (token, h) =>
    h.createNode("callout", { tone: toCalloutTone(token.directive === "note" ? "info" : token.directive) }, parseContainerChildren(token, h)),
  renderMarkdown: (node, h) => renderContainer(toCalloutTone(node.attrs?.tone), "", h.renderChildren(node.content ?? [], "\n\n")),
});
