import type { JSONContent } from "@tiptap/core";
import { escapeHtml } from "../http/escape-html.ts";
import { CALLOUT_LABEL, toCalloutTone } from "../../app/editor/callout.ts";
import { CLAUSE_WORDING_LABEL, clausePartLabels } from "../../app/editor/clause-position.ts";
import { clauseHeading, clausePartApprover, hasSuggestions, taskBox, templateBlank } from "./export-labels.ts";
import { isSafeHref } from "./safe-href.ts";
import { formattingNames } from "../../app/editor/suggestions.ts";
import type { FormattingMark } from "../../app/editor/suggestion-marks.ts";
import { describeBlockChange, type BlockChangeAttrs } from "../../app/editor/block-change.ts";

/**
 * A document as one self-contained HTML page to print or "Save as PDF": no scripts, no
 * outside resources, print CSS. It is built from the JSON node by node and every piece of
 * text or attribute is escaped, so nothing a user typed (or a Word file carried) becomes markup.
 * Clause positions are laid out as in the Word export (./docx-export.ts). Open suggestions
 * print as a redline, as the Word export carries them as tracked changes: insertions
 * underlined, deletions struck through, formatting changes underlined with dots (in their new
 * formatting), a block type changed barred in the margin, each titled with who proposed it, and the header says
 * so (a page that looked final while deleted text still stood in it would mislead).
 */

const MARK_TAGS: Record<string, string> = { bold: "strong", italic: "em", underline: "u", strike: "s", code: "code" };
const SUGGESTION_TAGS: Record<string, { tag: string; verb: string }> = { insertion: { tag: "ins", verb: "Inserted" }, deletion: { tag: "del", verb: "Deleted" } };

const STYLE = `
  :root { color: #111; font: 11pt/1.45 Georgia, "Times New Roman", serif; }
  body { margin: 2rem auto; max-width: 46rem; padding: 0 1rem; }
  header { border-bottom: 1px solid #999; margin-bottom: 1.5rem; font: 9pt/1.4 system-ui, sans-serif; color: #444; }
  h1, h2, h3, h4 { font-family: system-ui, sans-serif; line-height: 1.25; break-after: avoid; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
  th, td { border: 1px solid #999; padding: .35rem .5rem; vertical-align: top; text-align: left; }
  th { background: #f2f2f2; }
  ol { list-style: decimal; } ol ol { list-style: lower-alpha; } ol ol ol { list-style: lower-roman; }
  ul.checklist { list-style: none; padding-left: 1.25rem; }
  .task-box { display: inline-block; width: 1.25rem; margin-left: -1.25rem; }
  .clause { break-inside: avoid; border-color: #8eaadb; }
  .clause caption { caption-side: top; text-align: left; background: #d9e2f3; border: 1px solid #8eaadb; border-bottom: 0; padding: .35rem .5rem; }
  .clause caption .escalate { display: block; font-style: italic; font-weight: normal; }
  .clause th { width: 25%; }
  .clause th .approver { display: block; font-weight: normal; font-style: italic; }
  .wording { border-left: 3px solid #8eaadb; padding-left: .5rem; }
  .callout { border: 1px solid #999; background: #f7f7f7; padding: .25rem .75rem; margin: 1rem 0; break-inside: avoid; }
  .blank { background: #fff3a0; }
  ins { color: #1a4f8b; text-decoration: underline; }
  del { color: #9b1c1c; text-decoration: line-through; }
  .format-change { text-decoration: underline dotted #1a4f8b; }
  .block-change { border-left: 3px solid #1a4f8b; padding-left: .5rem; }
  pre { white-space: pre-wrap; font: 9.5pt/1.4 "Courier New", monospace; }
  @media print {
    @page { margin: 2cm; }
    body { margin: 0; max-width: none; padding: 0; }
    a { color: inherit; }
    a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 8pt; }
    tr, .callout { break-inside: avoid; }
  }
`;

function inline(content: JSONContent[] | undefined): string {
  return (content ?? [])
    .map((node) => {
      if (node.type === "hardBreak") return "<br>";
      if (node.type === "templateVariable") return `<span class="blank">${escapeHtml(templateBlank(node.attrs))}</span>`;
      if (node.type !== "text" || !node.text) return "";
      let html = escapeHtml(node.text);
      for (const mark of node.marks ?? []) {
        const tag = MARK_TAGS[mark.type];
        const suggestion = SUGGESTION_TAGS[mark.type];
        if (tag) html = `<${tag}>${html}</${tag}>`;
        else if (suggestion) html = `<${suggestion.tag} title="${escapeHtml(`${suggestion.verb} by ${String(mark.attrs?.authorName || "someone")}`)}">${html}</${suggestion.tag}>`;
        else if (mark.type === "formatChange") {
          const title = `Formatted by ${String(mark.attrs?.authorName || "someone")}; before: ${formattingNames((mark.attrs?.before ?? []) as FormattingMark[])}`;
          html = `<span class="format-change" title="${escapeHtml(title)}">${html}</span>`;
        } else if (mark.type === "link" && isSafeHref(mark.attrs?.href)) html = `<a href="${escapeHtml(mark.attrs.href)}">${html}</a>`;
      }
      return html;
    })
    .join("");
}

const span = (value: unknown) => Math.max(1, Math.min(Number.parseInt(String(value ?? 1), 10) || 1, 1000));

function blocks(content: JSONContent[] | undefined): string {
  return (content ?? []).map(block).join("\n");
}

/** A block whose type is a suggestion: barred, titled "Heading 2 (was paragraph) by NAME". */
function blockChange(node: JSONContent, level?: number): string {
  const change = node.attrs?.blockChange as BlockChangeAttrs | null | undefined;
  if (!change) return "";
  const what = describeBlockChange(level ? { type: "heading", level } : { type: "paragraph" }, change);
  return ` class="block-change" title="${escapeHtml(`${what} by ${change.authorName || "someone"}`)}"`;
}

function block(node: JSONContent): string {
  switch (node.type) {
    case "heading": {
      const level = Math.min(Math.max(Number(node.attrs?.level) || 1, 1), 4);
      return `<h${level}${blockChange(node, level)}>${inline(node.content)}</h${level}>`;
    }
    case "paragraph":
      return `<p${blockChange(node)}>${inline(node.content)}</p>`;
    case "bulletList":
      return `<ul>${(node.content ?? []).map((item) => `<li>${blocks(item.content)}</li>`).join("")}</ul>`;
    case "orderedList": {
      const start = span(node.attrs?.start);
      return `<ol${start > 1 ? ` start="${start}"` : ""}>${(node.content ?? []).map((item) => `<li>${blocks(item.content)}</li>`).join("")}</ol>`;
    }
    case "taskList":
      return `<ul class="checklist">${(node.content ?? []).map((item) => `<li>${taskItem(item)}</li>`).join("")}</ul>`;
    case "blockquote":
      return `<blockquote>${blocks(node.content)}</blockquote>`;
    case "codeBlock":
      return `<pre>${escapeHtml((node.content ?? []).map((n) => n.text ?? "").join(""))}</pre>`;
    case "horizontalRule":
      return "<hr>";
    case "table":
      return `<table>${(node.content ?? [])
        .map(
          (row) =>
            `<tr>${(row.content ?? [])
              .map((cell) => {
                const tag = cell.type === "tableHeader" ? "th" : "td";
                const colspan = span(cell.attrs?.colspan);
                const rowspan = span(cell.attrs?.rowspan);
                return `<${tag}${colspan > 1 ? ` colspan="${colspan}"` : ""}${rowspan > 1 ? ` rowspan="${rowspan}"` : ""}>${blocks(cell.content)}</${tag}>`;
              })
              .join("")}</tr>`,
        )
        .join("")}</table>`;
    case "callout": {
      return `<aside class="callout" role="note"><p><strong>${CALLOUT_LABEL[toCalloutTone(node.attrs?.tone)]}</strong></p>${blocks(node.content)}</aside>`;
    }
    case "clausePosition": {
      const parts = node.content ?? [];
      const labels = clausePartLabels(parts);
      const { name, notes } = clauseHeading(node.attrs);
      const heading = notes.map((note) => `<span class="escalate">${escapeHtml(note)}</span>`).join("");
      const rows = parts
        .map((part, i) => {
          const approver = clausePartApprover(part.attrs);
          const label = `${escapeHtml(labels[i]!)}${approver ? `<span class="approver">${escapeHtml(approver)}</span>` : ""}`;
          return `<tr><th scope="row">${label}</th><td>${blocks(part.content)}</td></tr>`;
        })
        .join("");
      return `<table class="clause"><caption><strong>${escapeHtml(name)}</strong>${heading}</caption>${rows}</table>`;
    }
    case "clauseWording":
      return `<div class="wording"><p><strong>${CLAUSE_WORDING_LABEL}</strong></p>${blocks(node.content)}</div>`;
    default:
      return blocks(node.content);
  }
}

/** A checklist item: its box (☐ or ☑, named for screen readers) at the start of its first paragraph. */
function taskItem(item: JSONContent): string {
  const { symbol, label } = taskBox(item.attrs);
  const box = `<span class="task-box" role="img" aria-label="${label}">${symbol}</span>`;
  const [first, ...rest] = item.content ?? [];
  if (first?.type !== "paragraph") return `<p>${box}</p>${blocks(item.content)}`;
  return `<p>${box}${inline(first.content)}</p>${blocks(rest)}`;
}

const REDLINE_NOTE = "With open suggestions: insertions underlined, deletions struck through, formatting changes underlined with dots, block type changes barred in the margin.";

/** The print page: `title` and `details` (kind, status, date) head it, so even a page without a heading says what it is; the body is the document's content. */
export function documentToPrintHtml({ title, details, json, marking = null }: { title: string; details: string[]; json: JSONContent; marking?: string | null }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>${marking ? `<p class="marking"><strong>${escapeHtml(marking)}</strong></p>` : ""}<p><strong>${escapeHtml(title)}</strong></p><p>${details.map(escapeHtml).join(" · ")}</p>${hasSuggestions(json) ? `<p>${REDLINE_NOTE}</p>` : ""}</header>
<main>
${blocks(json.content)}
</main>
</body>
</html>
`;
}
