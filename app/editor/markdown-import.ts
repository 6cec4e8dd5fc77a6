/**
 * How Markdown a document cannot hold is read: what people write in GitHub-flavoured Markdown
 * beyond the document schema is either carried over in the nearest form or left out, and each
 * such case is counted so an import can name it (server/library: the import summary's warnings).
 * Nothing here makes a file fail: the parse always gives JSON that fits the schema.
 *
 * - images (`![alt](src)`, `<img>`): left out — documents hold text only (as for Word files);
 * - HTML comments (`<!-- note -->`): left out;
 * - other HTML tags: left out, the text inside them kept (`<br>` is a line break, not counted);
 * - headings of level 5 and 6: level 4, the deepest the schema has;
 * - footnotes (`[^1]` and `[^1]: note`): kept as the plain text written (marked alone would take
 *   `[^1]: Source.` for a link definition and drop it).
 *
 * These are parse-only extensions (no schema, no rendering), used by ./markdown.ts and never by
 * the editor. Each is a marked tokenizer with its own token name, tried before marked's rules.
 */
import { Extension, type JSONContent, type MarkdownParseHelpers, type MarkdownToken, type MarkdownTokenizer } from "@tiptap/core";

export const MARKDOWN_NOTE_KINDS = ["image", "htmlComment", "htmlTag", "deepHeading", "footnote"] as const;
export type MarkdownNoteKind = (typeof MARKDOWN_NOTE_KINDS)[number];
/** How many times each kind of thing was left out or changed in one parse. */
export type MarkdownNotes = Record<MarkdownNoteKind, number>;

const emptyNotes = (): MarkdownNotes => ({ image: 0, htmlComment: 0, htmlTag: 0, deepHeading: 0, footnote: 0 });

// One parse at a time: parsing is synchronous, so the notes of the parse under way are here.
let current: MarkdownNotes | null = null;
const note = (kind: MarkdownNoteKind, count = 1) => {
  if (current) current[kind] += count;
};

/** Runs a parse and returns what it noted. */
export function collectMarkdownNotes<T>(parse: () => T): { result: T; notes: MarkdownNotes } {
  const outer = current;
  const notes = emptyNotes();
  current = notes;
  try {
    return { result: parse(), notes };
  } finally {
    current = outer;
  }
}

const COMMENT = /<!--[\s\S]*?-->/g;
const TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/g;
const anchored = (pattern: RegExp) => new RegExp(`^(?:${pattern.source})`);
const INLINE_COMMENT = anchored(COMMENT);
const INLINE_TAG = anchored(TAG);
const IMAGE = /^!\[(?:\\.|[^\]\\\n])*\]\(\s*(?:<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/;
/** A paragraph of images only: left out whole rather than left as an empty paragraph. */
const IMAGE_LINE = new RegExp(`^ {0,3}(?:${IMAGE.source.slice(1)}[ \\t]*)+(?:\\n|$)`);
const FOOTNOTE = /^\[\^[^\]\s]+\]/;
/** `[^1]: note`, with its indented continuation lines: marked would take `[^1]: Source.` for a link definition and drop it. */
const FOOTNOTE_DEFINITION = /^ {0,3}\[\^[^\]\s]+\]:[^\n]*(?:\n[ \t]+\S[^\n]*)*(?:\n|$)/;
const DEEP_HEADING = /^ {0,3}#{5,6}(?=[ \t\n]|$)([^\n]*?)(?:[ \t]+#+)?[ \t]*(?:\n|$)/;
/** An HTML block: a line starting with a tag or comment, up to the next blank line (or a comment's end). */
const HTML_BLOCK = /^ {0,3}(?:<!--[\s\S]*?-->[^\n]*|<\/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*)(?:\n|$)/;
const isBreakTag = (tag: string) => /^<br\s*\/?>$/i.test(tag);
const isImageTag = (tag: string) => /^<img[\s/>]/i.test(tag);

/** A tag dropped from the text: counted as an image or a tag; a `<br>` is a break, not a loss. */
function noteTag(tag: string) {
  if (isBreakTag(tag)) return;
  note(isImageTag(tag) ? "image" : "htmlTag");
}

/** Left out: after the handler's empty answer, Tiptap's fallback reads the token's (empty) `tokens`: nothing. */
const leaveOut = (kind: MarkdownNoteKind) => () => {
  note(kind);
  return [];
};

function rule(name: string, tokenizer: MarkdownTokenizer, parseMarkdown: (token: MarkdownToken, h: MarkdownParseHelpers) => JSONContent | JSONContent[]) {
  return Extension.create({ name, markdownTokenName: name, markdownTokenizer: tokenizer, parseMarkdown });
}

export function markdownImportRules() {
  return [
    rule(
      "importImage",
      {
        name: "importImage",
        level: "inline",
        start: (src) => src.indexOf("!["),
        tokenize: (src) => {
          const match = IMAGE.exec(src);
          return match ? { type: "importImage", raw: match[0] } : undefined;
        },
      },
      leaveOut("image"),
    ),
    rule(
      "importImageLine",
      {
        name: "importImageLine",
        level: "block",
        start: () => -1,
        tokenize: (src) => {
          const match = IMAGE_LINE.exec(src);
          return match ? { type: "importImageLine", raw: match[0], count: match[0].split("![").length - 1 } : undefined;
        },
      },
      (token) => {
        note("image", Number(token.count));
        return [];
      },
    ),
    rule(
      "importHtmlInline",
      {
        name: "importHtmlInline",
        level: "inline",
        start: (src) => src.indexOf("<"),
        tokenize: (src) => {
          const match = INLINE_COMMENT.exec(src) ?? INLINE_TAG.exec(src);
          return match ? { type: "importHtmlInline", raw: match[0] } : undefined;
        },
      },
      (token) => {
        const raw = String(token.raw);
        if (raw.startsWith("<!--")) note("htmlComment");
        else if (isBreakTag(raw)) return { type: "hardBreak" };
        else noteTag(raw);
        return [];
      },
    ),
    rule(
      "importHtmlBlock",
      {
        name: "importHtmlBlock",
        level: "block",
        start: () => -1, // only where a block starts, as marked's own HTML rule
        tokenize: (src, _tokens, lexer) => {
          const match = HTML_BLOCK.exec(src);
          if (!match) return undefined;
          const html = match[0];
          const comments = html.match(COMMENT) ?? [];
          const tags = html.replace(COMMENT, "").match(TAG) ?? [];
          // Line breaks (`<br>`) become Markdown hard breaks; other tags go, their text stays.
          const text = html
            .replace(COMMENT, "")
            .replace(TAG, (tag) => (isBreakTag(tag) ? "\\\n" : " "))
            .split("\n")
            .map((line) => line.trim())
            .filter(Boolean)
            .join("\n");
          return { type: "importHtmlBlock", raw: html, comments: comments.length, tags, tokens: text ? lexer.inlineTokens(text) : [] };
        },
      },
      (token, h) => {
        note("htmlComment", Number(token.comments ?? 0));
        for (const tag of (token.tags ?? []) as string[]) noteTag(tag);
        return token.tokens?.length ? { type: "paragraph", content: h.parseInline(token.tokens) } : [];
      },
    ),
    rule(
      "importDeepHeading",
      {
        name: "importDeepHeading",
        level: "block",
        start: () => -1,
        tokenize: (src, _tokens, lexer) => {
          const match = DEEP_HEADING.exec(src);
          return match ? { type: "importDeepHeading", raw: match[0], tokens: lexer.inlineTokens(match[1]!.trim()) } : undefined;
        },
      },
      (token, h) => {
        note("deepHeading");
        return { type: "heading", attrs: { level: 4 }, content: h.parseInline(token.tokens ?? []) };
      },
    ),
    rule(
      "importFootnoteDefinition",
      {
        name: "importFootnoteDefinition",
        level: "block",
        start: () => -1,
        tokenize: (src, _tokens, lexer) => {
          const match = FOOTNOTE_DEFINITION.exec(src);
          if (!match) return undefined;
          const lines = match[0].split("\n").map((line) => line.trim()).filter(Boolean);
          return { type: "importFootnoteDefinition", raw: match[0], tokens: lexer.inlineTokens(lines.join("\n")) };
        },
      },
      (token, h) => ({ type: "paragraph", content: h.parseInline(token.tokens ?? []) }),
    ),
    rule(
      "importFootnote",
      {
        name: "importFootnote",
        level: "inline",
        start: (src) => src.indexOf("[^"),
        tokenize: (src) => {
          const match = FOOTNOTE.exec(src);
          return match ? { type: "importFootnote", raw: match[0], text: match[0] } : undefined;
        },
      },
      (token) => {
        note("footnote");
        return { type: "text", text: String(token.text) };
      },
    ),
  ];
}
