import type { MarkdownTokenizer } from "@tiptap/core";
import { TaskItem as TiptapTaskItem, TaskList as TiptapTaskList } from "@tiptap/extension-list";

/**
 * Checklists: Tiptap's task list and task item, in Markdown `- [ ] text` and `- [x] text`
 * (GitHub's task lists), an item ticked or not by its `checked` attribute (so a tick is a Yjs
 * change like any edit). Items may hold nested lists and further paragraphs.
 *
 * One change to Tiptap's reading: an empty item is written `- [ ] ` and the library format
 * trims trailing spaces, leaving `- [ ]`, which Tiptap's tokenizer (it wants a space after the
 * box) read as text. Such lines get their space back before tokenizing.
 */
const tiptapTokenizer = TiptapTaskList.config.markdownTokenizer as MarkdownTokenizer;

const EMPTY_ITEM_LINE = /^(\s*[-+*]\s+\[[ xX]\])$/;

/** `src` with a space after every empty task item's box, and how to map a length in it back to `src`. */
function withEmptyItemsSpaced(src: string): { patched: string; originalLength: (patchedLength: number) => number } {
  const added: number[] = []; // offsets in `patched` just past each added space
  let offset = 0;
  const lines = src.split("\n").map((line) => {
    const next = EMPTY_ITEM_LINE.test(line) ? `${line} ` : line;
    if (next !== line) added.push(offset + next.length);
    offset += next.length + 1;
    return next;
  });
  return { patched: lines.join("\n"), originalLength: (length) => length - added.filter((end) => end <= length).length };
}

export const TaskList = TiptapTaskList.extend({
  markdownTokenizer: {
    ...tiptapTokenizer,
    tokenize(src, tokens, lexer) {
      const { patched, originalLength } = withEmptyItemsSpaced(src);
      const token = tiptapTokenizer.tokenize(patched, tokens, lexer);
      if (!token || patched === src) return token;
      return { ...token, raw: src.slice(0, originalLength((token.raw ?? "").length)) };
    },
  },
});

/**
 * The item's checkbox is Tiptap's (a tick is `setNodeMarkup` on `checked`), named by the item's
 * own text, and disabled while the editor is read-only: Tiptap's would take the click and undo it.
 */
export const TaskItem = TiptapTaskItem.extend({
  addNodeView() {
    const tiptapView = this.parent?.();
    if (!tiptapView) return null;
    return (props) => {
      const view = tiptapView(props);
      const checkbox = view.dom instanceof HTMLElement ? view.dom.querySelector("input") : null;
      const { editor } = props;
      const syncDisabled = () => {
        if (checkbox) checkbox.disabled = !editor.isEditable;
      };
      syncDisabled();
      editor.on("update", syncDisabled); // setEditable emits an update
      return {
        ...view,
        destroy() {
          editor.off("update", syncDisabled);
          view.destroy?.();
        },
      };
    };
  },
}).configure({
  nested: true,
  a11y: { checkboxLabel: (node) => node.firstChild?.textContent || "Empty checklist item" },
});
