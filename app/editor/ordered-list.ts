import type { MarkdownTokenizer } from "@tiptap/core";
import { OrderedList as TiptapOrderedList } from "@tiptap/extension-list";

/**
 * Tiptap's ordered list, read from Markdown by marked's CommonMark list rule whenever the list
 * holds a bullet (or task) list that holds a numbered list: Tiptap's own tokenizer, which reads
 * lettered and roman markers, takes every indented `1.` line for an item of the outer list, so
 * "1. one / - a / 1. deep" came back with "deep" beside "a" instead of inside it.
 */
const tiptapTokenizer = TiptapOrderedList.config.markdownTokenizer as MarkdownTokenizer;

const BULLET_LINE = /^(\s+)[-+*]\s/;
const ORDERED_LINE = /^(\s+)\d{1,9}[.)]\s/;

/** Whether some numbered line sits deeper than a bullet line before it: a numbered list inside a bullet list. */
export function holdsNumberedInsideBullets(raw: string): boolean {
  let bulletIndent = Infinity;
  for (const line of raw.split("\n")) {
    const bullet = BULLET_LINE.exec(line);
    if (bullet) bulletIndent = Math.min(bulletIndent, bullet[1]!.length);
    const ordered = ORDERED_LINE.exec(line);
    if (ordered && ordered[1]!.length > bulletIndent) return true;
  }
  return false;
}

export const OrderedList = TiptapOrderedList.extend({
  markdownTokenizer: {
    ...tiptapTokenizer,
    tokenize(src, tokens, lexer) {
      const token = tiptapTokenizer.tokenize(src, tokens, lexer);
      // undefined: marked goes on to its own list rule, which nests by each item's content indent.
      if (token && holdsNumberedInsideBullets(token.raw ?? "")) return undefined;
      return token;
    },
  },
});
