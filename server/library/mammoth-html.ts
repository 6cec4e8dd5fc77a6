import type { JSONContent } from "@tiptap/core";
import { documentSchema } from "../../app/editor/schema.ts";
import { isSafeHref } from "./safe-href.ts";

/**
 * The HTML mammoth writes for a Word file, as a Precedent document's ProseMirror JSON.
 *
 * Mammoth's HTML is a small, well-formed vocabulary (its own writer: p, h1–h6, ul/ol/li, table
 * rows and cells, strong/em/u/s, sup/sub, a, br, img; text escaped for &, <, >, attributes for
 * " too), so a strict tokenizer reads it without a DOM on the server. Anything outside that
 * vocabulary keeps its text and loses its tag. The result is checked against the editor's
 * schema (app/editor), the one definition of what a document may hold.
 */

type HtmlElement = { tag: string; attrs: Record<string, string>; children: HtmlNode[] };
type HtmlNode = HtmlElement | string;

const VOID_TAGS = new Set(["br", "img", "hr"]);
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'" };
const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name]!);

const TOKEN = /<\/([a-z0-9]+)\s*>|<([a-z0-9]+)((?:\s+[a-z-]+="[^"]*")*)\s*(\/?)>|([^<]+)/gy;
const ATTR = /([a-z-]+)="([^"]*)"/g;

/** Mammoth's HTML as a tree. A stray closing tag closes up to its opener, as browsers do. */
export function parseMammothHtml(html: string): HtmlElement {
  const root: HtmlElement = { tag: "#root", attrs: {}, children: [] };
  const stack = [root];
  const token = new RegExp(TOKEN);
  let read = 0;
  for (let match = token.exec(html); match; match = token.exec(html)) {
    read = token.lastIndex;
    const [, closing, opening, attrSource = "", selfClosing, text] = match;
    const top = stack[stack.length - 1]!;
    if (text !== undefined) top.children.push(decode(text));
    else if (closing) {
      const at = stack.findLastIndex((el) => el.tag === closing);
      if (at > 0) stack.length = at;
    } else if (opening) {
      const attrs = Object.fromEntries([...attrSource.matchAll(ATTR)].map(([, k, v]) => [k!, decode(v!)]));
      const element: HtmlElement = { tag: opening, attrs, children: [] };
      top.children.push(element);
      if (!selfClosing && !VOID_TAGS.has(opening)) stack.push(element);
    }
  }
  if (read < html.length) throw new Error(`mammoth wrote HTML this reader does not know, at character ${read}`);
  return root;
}

type Mark = NonNullable<JSONContent["marks"]>[number];
const MARK_OF: Record<string, Mark> = {
  strong: { type: "bold" },
  b: { type: "bold" },
  em: { type: "italic" },
  i: { type: "italic" },
  u: { type: "underline" },
  s: { type: "strike" },
  del: { type: "strike" },
};
const BLOCK_TAGS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "hr"]);

const isBlock = (node: HtmlNode) => typeof node !== "string" && BLOCK_TAGS.has(node.tag);

function inline(nodes: HtmlNode[], marks: Mark[] = []): JSONContent[] {
  const out: JSONContent[] = [];
  for (const node of nodes) {
    if (typeof node === "string") {
      if (node) out.push(marks.length ? { type: "text", text: node, marks } : { type: "text", text: node });
      continue;
    }
    if (node.tag === "br") out.push({ type: "hardBreak" });
    else if (node.tag === "img") continue; // counted and reported by the importer (docx-import.ts)
    else if (node.tag === "a") {
      const href = node.attrs.href ?? "";
      // Mammoth links a footnote's text back to its reference with "↑": noise once the notes are a list.
      if (href.startsWith("#footnote-ref-") || href.startsWith("#endnote-ref-")) continue;
      out.push(...inline(node.children, isSafeHref(href) ? [...marks, { type: "link", attrs: { href } }] : marks));
    } else {
      const mark = MARK_OF[node.tag];
      out.push(...inline(node.children, mark && !marks.some((m) => m.type === mark.type) ? [...marks, mark] : marks));
    }
  }
  return out;
}

/**
 * A block's inline content as Markdown would give it back: neighbouring text with the same
 * marks as one node, no spaces at either end. Without this, a Word import changes on its first
 * export → import round trip.
 */
function tidy(content: JSONContent[]): JSONContent[] {
  const out: JSONContent[] = [];
  for (const node of content) {
    const last = out[out.length - 1];
    if (node.type === "text" && last?.type === "text" && JSON.stringify(last.marks) === JSON.stringify(node.marks)) {
      out[out.length - 1] = { ...last, text: last.text! + node.text! };
    } else out.push(node);
  }
  const trim = (index: number, edge: "start" | "end") => {
    const node = out[index];
    if (node?.type !== "text") return;
    const text = edge === "start" ? node.text!.trimStart() : node.text!.trimEnd();
    if (text) out[index] = { ...node, text };
    else out.splice(index, 1);
  };
  trim(out.length - 1, "end");
  trim(0, "start");
  return out;
}

/** Blocks from a mix of blocks and loose inline content (a list item's text, a cell's): the loose runs become paragraphs. */
function blocks(nodes: HtmlNode[]): JSONContent[] {
  const out: JSONContent[] = [];
  let loose: HtmlNode[] = [];
  const flush = () => {
    const content = tidy(inline(loose));
    if (content.length) out.push({ type: "paragraph", content });
    loose = [];
  };
  for (const node of nodes) {
    if (!isBlock(node)) {
      loose.push(node);
      continue;
    }
    flush();
    out.push(...block(node as HtmlElement));
  }
  flush();
  return checklistsFromBoxes(out);
}

/** A paragraph that starts with a box (☐ open; ☑ or ☒ done): how Word writes a checklist, ours included. */
const BOX = /^([☐☑☒])(?:[\t ]+|$)/;

/**
 * Runs of paragraphs that start with a box become a checklist, the box its item's state. Word has
 * no checkbox list, so nesting (only an indent there) is not seen: nested items come back flat.
 */
function checklistsFromBoxes(blocksIn: JSONContent[]): JSONContent[] {
  const out: JSONContent[] = [];
  for (const node of blocksIn) {
    const first = node.type === "paragraph" ? node.content?.[0] : undefined;
    const box = first?.type === "text" ? BOX.exec(first.text ?? "") : null;
    if (!box) {
      out.push(node);
      continue;
    }
    const rest = first!.text!.slice(box[0].length);
    const content = rest ? [{ ...first!, text: rest }, ...node.content!.slice(1)] : node.content!.slice(1);
    const item: JSONContent = { type: "taskItem", attrs: { checked: box[1] !== "☐" }, content: [content.length ? { type: "paragraph", content } : { type: "paragraph" }] };
    const last = out[out.length - 1];
    if (last?.type === "taskList") last.content!.push(item);
    else out.push({ type: "taskList", content: [item] });
  }
  return out;
}

function block(el: HtmlElement): JSONContent[] {
  const heading = /^h([1-6])$/.exec(el.tag);
  if (heading) return [{ type: "heading", attrs: { level: Math.min(Number(heading[1]), 4) }, content: tidy(inline(el.children)) }];
  switch (el.tag) {
    case "p":
    case "pre": {
      // Mammoth leaves out empty paragraphs, so an empty one here held only what was left out (an image).
      const content = tidy(inline(el.children));
      return content.length ? [{ type: "paragraph", content }] : [];
    }
    case "ul":
    case "ol": {
      const items = el.children.flatMap((child) => (typeof child !== "string" && child.tag === "li" ? [listItem(child)] : []));
      if (!items.length) return [];
      return [el.tag === "ul" ? { type: "bulletList", content: items } : { type: "orderedList", attrs: { start: 1 }, content: items }];
    }
    case "table": {
      const rows = descendants(el, "tr").map((tr) => ({
        type: "tableRow",
        content: tr.children.flatMap((cell) => (typeof cell !== "string" && (cell.tag === "td" || cell.tag === "th") ? [tableCell(cell)] : [])),
      }));
      const filled = rows.filter((row) => row.content.length);
      return filled.length ? [{ type: "table", content: filled }] : [];
    }
    case "blockquote":
      return [{ type: "blockquote", content: nonEmpty(blocks(el.children)) }];
    case "hr":
      return [{ type: "horizontalRule" }];
    default:
      return blocks(el.children);
  }
}

/** A list item starts with a paragraph (the schema says so): text before a nested list is that paragraph. */
function listItem(li: HtmlElement): JSONContent {
  const content = nonEmpty(blocks(li.children));
  if (content[0]!.type !== "paragraph") content.unshift({ type: "paragraph" });
  return { type: "listItem", content };
}

function tableCell(cell: HtmlElement): JSONContent {
  const span = (name: string) => Math.max(1, Number.parseInt(cell.attrs[name] ?? "1", 10) || 1);
  return {
    type: cell.tag === "th" ? "tableHeader" : "tableCell",
    attrs: { colspan: span("colspan"), rowspan: span("rowspan"), colwidth: null },
    content: nonEmpty(blocks(cell.children)),
  };
}

/** Rows of a table, through thead/tbody but not into a nested table's rows. */
function descendants(el: HtmlElement, tag: string): HtmlElement[] {
  return el.children.flatMap((child) => {
    if (typeof child === "string") return [];
    if (child.tag === tag) return [child];
    return child.tag === "table" ? [] : descendants(child, tag);
  });
}

const nonEmpty = (content: JSONContent[]): JSONContent[] => (content.length ? content : [{ type: "paragraph" }]);

/** Mammoth's HTML as a `doc` that fits the document schema; throws if it would not (a bug here, not in the file). */
export function mammothHtmlToDocumentJson(html: string): JSONContent {
  const json: JSONContent = { type: "doc", content: nonEmpty(blocks(parseMammothHtml(html).children)) };
  documentSchema.nodeFromJSON(json).check();
  return json;
}
