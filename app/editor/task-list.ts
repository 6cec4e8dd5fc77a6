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

export const TaskItem = TiptapTaskItem.configure({ nested: true });
