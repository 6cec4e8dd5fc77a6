/**
 * Markdown helpers for the document schema's custom nodes. Isomorphic, no DOM.
 *
 * Block containers use the fenced "directive" form many Markdown tools know:
 *
 *     :::clause {id="c-1" name="Limitation of liability" escalateTo="General Counsel"}
 *
 *     :::preferred
 *
 *     Cap at 12 months' fees.
 *
 *     :::
 *
 *     :::
 *
 * Attribute values are double-quoted; `\`, `"` and `}` inside a value are escaped with a
 * backslash. A bare key (`required`) means `true`.
 */
import type { JSONContent, MarkdownParseHelpers, MarkdownToken, MarkdownTokenizer } from "@tiptap/core";

export type MarkdownAttrs = Record<string, string | true>;

const ATTR_PATTERN = /([A-Za-z_][\w-]*)(?:="((?:[^"\\]|\\.)*)")?/g;

export function parseMarkdownAttrs(source: string): MarkdownAttrs {
  const attrs: MarkdownAttrs = {};
  for (const match of source.matchAll(ATTR_PATTERN)) {
    const key = match[1];
    if (!key) continue;
    const raw = match[2];
    attrs[key] = raw === undefined ? true : raw.replace(/\\(.)/g, "$1");
  }
  return attrs;
}

export function serializeMarkdownAttrs(attrs: Record<string, string | boolean | null | undefined>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(attrs)) {
    if (value === true) parts.push(key);
    else if (typeof value === "string" && value !== "") parts.push(`${key}="${value.replace(/[\\"}]/g, (c) => `\\${c}`)}"`);
  }
  return parts.join(" ");
}

/** Tokens from a container's body, with inline tokens filled in where marked left them out. */
function bodyTokens(raw: string, blockTokens: (src: string) => MarkdownToken[], inlineTokens: (src: string) => MarkdownToken[]) {
  if (!raw.trim()) return [];
  const tokens = blockTokens(raw);
  for (const token of tokens) {
    if (token.text && (!token.tokens || token.tokens.length === 0) && token.type === "paragraph") {
      token.tokens = inlineTokens(token.text);
    }
  }
  while (tokens.length > 0) {
    const last = tokens[tokens.length - 1];
    if (last && (last.type === "space" || (last.type === "paragraph" && !last.text?.trim()))) tokens.pop();
    else break;
  }
  return tokens;
}

/**
 * A marked block tokenizer for `:::<directive> {attrs}` … `:::`, nested to any depth.
 * Produces tokens `{ type: tokenName, directive, attrs, tokens }`.
 */
export function containerTokenizer(tokenName: string, directives: readonly string[]): MarkdownTokenizer {
  const names = directives.join("|");
  const startPattern = new RegExp(`^:::(?:${names})\\b`, "m");
  const openPattern = new RegExp(`^:::(${names})(?:[ \\t]+\\{((?:[^}\\\\\\n]|\\\\.)*)\\})?[ \\t]*(?:\\n|$)`);
  return {
    name: tokenName,
    level: "block",
    start(src: string) {
      return src.match(startPattern)?.index ?? -1;
    },
    tokenize(src, _tokens, lexer) {
      const open = src.match(openPattern);
      if (!open) return undefined;
      const [openTag, directive = "", attrSource = ""] = open;
      const rest = src.slice(openTag.length);
      const fence = /^:::([\w-]*)(.*)$/gm;
      let depth = 1;
      for (let match = fence.exec(rest); match; match = fence.exec(rest)) {
        if (match[1]) {
          depth += 1;
          continue;
        }
        if (match[2]?.trim()) continue; // ":::" followed by text is not a closing fence
        depth -= 1;
        if (depth === 0) {
          const body = rest.slice(0, match.index);
          let end = openTag.length + match.index + match[0].length;
          if (src[end] === "\n") end += 1;
          return {
            type: tokenName,
            raw: src.slice(0, end),
            directive,
            attrs: parseMarkdownAttrs(attrSource),
            tokens: bodyTokens(body, lexer.blockTokens, lexer.inlineTokens),
          };
        }
      }
      return undefined;
    },
  };
}

/** Block children of a container token; never empty (schemas here say `block+`). */
export function parseContainerChildren(token: MarkdownToken, h: MarkdownParseHelpers): JSONContent[] {
  const children = h.parseChildren(token.tokens ?? []);
  return children.length > 0 ? children : [{ type: "paragraph" }];
}

export function renderContainer(directive: string, attrs: string, body: string): string {
  const head = attrs ? `:::${directive} {${attrs}}` : `:::${directive}`;
  return body.trim() ? `${head}\n\n${body}\n\n:::` : `${head}\n\n:::`;
}

export function tokenAttr(token: MarkdownToken, key: string): string | undefined {
  const attrs = token.attrs as MarkdownAttrs | undefined;
  const value = attrs?.[key];
  return typeof value === "string" ? value : undefined;
}
