import type { JSONContent } from "@tiptap/core";
import {
  AlignmentType,
  BorderStyle,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  ExternalHyperlink,
  Header,
  HeadingLevel,
  InsertedTextRun,
  LevelFormat,
  Packer,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphPropertiesChangeOptions,
  type IRunOptions,
  type ParagraphChild,
} from "docx";
import type { BlockChangeAttrs } from "../../app/editor/block-change.ts";
import { CALLOUT_LABEL, toCalloutTone } from "../../app/editor/callout.ts";
import type { FormatChangeAttrs, FormattingMark, SuggestionAttrs } from "../../app/editor/suggestion-marks.ts";
import { COMMENT_ANCHOR, withCommentAnchors, type CommentAnchorAttrs } from "./comment-anchors-json.ts";
import { docxComments, type DocxThread } from "./docx-comments.ts";
import { CLAUSE_WORDING_LABEL, clausePartLabels } from "../../app/editor/clause-position.ts";
import { clauseHeading, clausePartApprover, hasSuggestions, taskBox, templateBlank } from "./export-labels.ts";
import { isSafeHref } from "./safe-href.ts";
import { UNKNOWN_AUTHOR } from "./word-xml.ts";

/**
 * A document as a Word file (the `docx` package). Headings use Word's heading styles, lists
 * real Word numbering (1. → 1.1 → (a) → (i), as clauses are numbered; each list restarts),
 * tables stay tables, and a clause position becomes a two-column table a lawyer reads down:
 * the clause with who to escalate to, its perspective and whether it is required, then each part
 * in order (preferred position, fallbacks, grey zone, red line, rationale, pushback, spotting),
 * with who may approve it under its label and its model wording under its description.
 * Suggestions become Word's tracked changes and comment threads Word comments, so a file sent
 * for review comes back with the other side's changes on top (./docx-import.ts reads them).
 */

const ORDERED = "ordered-clauses";
const BULLETS = "bullets";
const INDENT = 720; // twips per list level: half an inch, Word's own step

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4] as const;
const headingStyle = (level: unknown) => HEADINGS[Math.min(Math.max(Number(level) || 1, 1), 4) - 1];
const CLAUSE_HEAD_FILL = "D9E2F3";
const CLAUSE_LABEL_FILL = "F2F2F2";

const orderedLevels = [
  { format: LevelFormat.DECIMAL, text: "%1." },
  { format: LevelFormat.DECIMAL, text: "%1.%2" },
  { format: LevelFormat.LOWER_LETTER, text: "(%3)" },
  { format: LevelFormat.LOWER_ROMAN, text: "(%4)" },
  { format: LevelFormat.UPPER_LETTER, text: "(%5)" },
  { format: LevelFormat.DECIMAL, text: "%6." },
].map(({ format, text }, level) => ({
  level,
  format,
  text,
  alignment: AlignmentType.START,
  style: { paragraph: { indent: { left: INDENT * (level + 1), hanging: INDENT } } },
}));

const bulletLevels = ["•", "◦", "▪", "•", "◦", "▪"].map((text, level) => ({
  level,
  format: LevelFormat.BULLET,
  text,
  alignment: AlignmentType.START,
  style: { paragraph: { indent: { left: INDENT * (level + 1), hanging: INDENT / 2 } } },
}));

type RunFormatting = { bold?: boolean; italics?: boolean; underline?: Record<string, never>; strike?: boolean; font?: string; style?: string };

/** Word's run properties for a text's formatting marks, and its link (Word's hyperlink is around the run, its style on it). */
function runFormatting(marks: FormattingMark[]): { properties: RunFormatting; href: string | undefined } {
  const properties: RunFormatting = {};
  let href: string | undefined;
  for (const mark of marks) {
    if (mark.type === "bold") properties.bold = true;
    else if (mark.type === "italic") properties.italics = true;
    else if (mark.type === "underline") properties.underline = {};
    else if (mark.type === "strike") properties.strike = true;
    else if (mark.type === "code") properties.font = "Courier New";
    else if (mark.type === "link" && isSafeHref(mark.attrs?.href)) href = String(mark.attrs.href);
  }
  if (href) properties.style = "Hyperlink";
  return { properties, href };
}
type Block = Paragraph | Table;
type ListContext = { kind: "ordered" | "bullet" | "task"; level: number; instance: number };

/** Walks one document; `instance` gives every top-level numbered list its own numbering, so each restarts at 1. */
function createWriter() {
  let instances = 0;

  /** Word's `w:id` of each tracked change: one per w:ins / w:del, unique in the file. */
  let revisions = 0;

  /** Who and when of one tracked change, with its own `w:id`. */
  function revision({ authorName, createdAt }: Partial<SuggestionAttrs>) {
    // w:date is optional in Word; the docx package leaves out an attribute that is undefined.
    const date = createdAt && !Number.isNaN(Date.parse(createdAt)) ? new Date(createdAt).toISOString() : (undefined as unknown as string);
    return { id: ++revisions, author: authorName || UNKNOWN_AUTHOR, date };
  }

  /**
   * A run, as a tracked insertion or deletion when it carries a suggestion mark. Text both
   * inserted and deleted (one person's insertion another proposes to remove) is written as a
   * deletion: Word has no run that is both through this writer, and the deletion is the open question.
   * A formatting change is the run's `w:rPrChange`: who, when, and the run properties before.
   */
  function run(options: IRunOptions, marks: JSONContent["marks"]): ParagraphChild {
    const format = marks?.find((mark) => mark.type === "formatChange");
    // Bold, italic and strike stated on or off: Word requires the recorded properties (never an empty w:rPr), and off is what they were.
    const before = format ? { bold: false, italics: false, strike: false, ...runFormatting((format.attrs as Partial<FormatChangeAttrs>).before ?? []).properties } : undefined;
    const withRevision = format ? { ...options, revision: { ...before, ...revision(format.attrs ?? {}) } } : options;
    const deletion = marks?.find((mark) => mark.type === "deletion");
    const suggestion = deletion ?? marks?.find((mark) => mark.type === "insertion");
    if (!suggestion) return new TextRun(withRevision);
    const change = revision(suggestion.attrs ?? {});
    return deletion ? new DeletedTextRun({ ...withRevision, ...change }) : new InsertedTextRun({ ...withRevision, ...change });
  }

  /**
   * A block type suggested (ADR 032): the paragraph's `w:pPrChange`, who, when and the heading
   * style before (none: a plain paragraph), so Word shows "Formatted: Heading 2" to accept or reject.
   */
  function blockRevision(node: JSONContent): { revision?: IParagraphPropertiesChangeOptions } {
    const change = node.attrs?.blockChange as BlockChangeAttrs | null | undefined;
    if (!change) return {};
    const before = change.before.type === "heading" ? { heading: headingStyle(change.before.level) } : {};
    return { revision: { ...before, ...revision(change) } };
  }

  /** A comment range's start, or its end with the comment's mark (Word's reference to it) after it. */
  function commentAnchor({ edge, ids }: CommentAnchorAttrs): ParagraphChild[] {
    if (edge === "start") return ids.map((id) => new CommentRangeStart(id));
    return ids.flatMap((id) => [new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })]);
  }

  function runs(content: JSONContent[] | undefined): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    for (const node of content ?? []) {
      if (node.type === COMMENT_ANCHOR) out.push(...commentAnchor(node.attrs as CommentAnchorAttrs));
      else if (node.type === "hardBreak") out.push(run({ break: 1 }, node.marks));
      else if (node.type === "templateVariable") out.push(run({ text: templateBlank(node.attrs), highlight: "yellow" }, node.marks));
      else if (node.type === "text" && node.text) {
        const { properties, href } = runFormatting(node.marks ?? []);
        const text = run({ text: node.text, ...properties }, node.marks);
        out.push(href ? new ExternalHyperlink({ link: href, children: [text] }) : text);
      }
    }
    return out;
  }

  /** A code block as a paragraph a line, in a fixed-width font; a comment anchored in it keeps its place in the lines. */
  function codeLines(content: JSONContent[] | undefined): Paragraph[] {
    const lines: ParagraphChild[][] = [[]];
    for (const node of content ?? []) {
      if (node.type === COMMENT_ANCHOR) lines.at(-1)!.push(...commentAnchor(node.attrs as CommentAnchorAttrs));
      else if (node.type === "text" && node.text) {
        node.text.split("\n").forEach((line, index) => {
          if (index > 0) lines.push([]);
          if (line) lines.at(-1)!.push(new TextRun({ text: line, font: "Courier New" }));
        });
      }
    }
    return lines.map((children) => new Paragraph({ children }));
  }

  function paragraph(node: JSONContent, list?: ListContext, first = true): Paragraph {
    const children = runs(node.content);
    const tracked = blockRevision(node);
    if (!list) return new Paragraph({ children, ...tracked });
    // A list item's later paragraphs sit under its text, unnumbered.
    if (!first) return new Paragraph({ children, indent: { left: INDENT * (list.level + 1) }, ...tracked });
    return list.kind === "ordered"
      ? new Paragraph({ children, numbering: { reference: ORDERED, level: list.level, instance: list.instance }, ...tracked })
      : new Paragraph({ children, numbering: { reference: BULLETS, level: list.level }, ...tracked });
  }

  function listItems(node: JSONContent, kind: ListContext["kind"], parent?: ListContext): Block[] {
    // A list nested in a numbered list continues its numbering (2. → 2.1, 2.2), as one multi-level clause list does in Word.
    const instance = kind !== "ordered" ? 0 : parent?.kind === "ordered" ? parent.instance : ++instances;
    const list: ListContext = { kind, level: parent ? Math.min(parent.level + 1, 5) : 0, instance };
    return (node.content ?? []).flatMap((item) =>
      (item.content ?? []).flatMap((child, index) =>
        kind === "task" && index === 0 && child.type === "paragraph" ? [taskParagraph(child, item, list)] : blocks(child, list, index === 0),
      ),
    );
  }

  /** A checklist item's text after its box (☐ or ☑), hanging like a bullet: Word has no checkbox list to number it with. */
  function taskParagraph(node: JSONContent, item: JSONContent, list: ListContext): Paragraph {
    return new Paragraph({
      children: [new TextRun({ children: [taskBox(item.attrs).symbol, new Tab()] }), ...runs(node.content)],
      indent: { left: INDENT * (list.level + 1), hanging: INDENT / 2 },
    });
  }

  function blocks(node: JSONContent, list?: ListContext, first = true): Block[] {
    switch (node.type) {
      case "heading":
        return [new Paragraph({ heading: headingStyle(node.attrs?.level), children: runs(node.content), ...blockRevision(node) })];
      case "paragraph":
        return [paragraph(node, list, first)];
      case "bulletList":
        return listItems(node, "bullet", list);
      case "orderedList":
        return listItems(node, "ordered", list);
      case "taskList":
        return listItems(node, "task", list);
      case "blockquote":
        return (node.content ?? []).flatMap((child) =>
          child.type === "paragraph" ? [new Paragraph({ children: runs(child.content), indent: { left: INDENT } })] : blocks(child),
        );
      case "codeBlock":
        return codeLines(node.content);
      case "horizontalRule":
        return [new Paragraph({ thematicBreak: true })];
      case "table":
        return [table(node)];
      case "callout":
        return [boxed((node.content ?? []).flatMap((child) => blocks(child)), CALLOUT_LABEL[toCalloutTone(node.attrs?.tone)])];
      case "clausePosition":
        return [clausePosition(node), new Paragraph({})];
      case "clauseWording":
        // Model wording under its label, set in from the part's description as the clause text it is.
        return [
          new Paragraph({ children: [new TextRun({ text: CLAUSE_WORDING_LABEL, bold: true })], keepNext: true }),
          ...(node.content ?? []).flatMap((child) =>
            child.type === "paragraph" ? [new Paragraph({ children: runs(child.content), indent: { left: INDENT } })] : blocks(child),
          ),
        ];
      default:
        return (node.content ?? []).flatMap((child) => blocks(child, list));
    }
  }

  function cellBlocks(content: JSONContent[] | undefined): Block[] {
    const out = (content ?? []).flatMap((child) => blocks(child));
    // Word wants a paragraph in every cell, and after a table that ends one.
    return out.length && out[out.length - 1] instanceof Paragraph ? out : [...out, new Paragraph({})];
  }

  function table(node: JSONContent): Table {
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: (node.content ?? []).map(
        (row) =>
          new TableRow({
            // Only when true: docx writes <w:tblHeader/> for false too.
            ...((row.content ?? []).every((cell) => cell.type === "tableHeader") ? { tableHeader: true } : {}),
            children: (row.content ?? []).map(
              (cell) =>
                new TableCell({
                  children: cellBlocks(cell.content),
                  columnSpan: Number(cell.attrs?.colspan) || 1,
                  rowSpan: Number(cell.attrs?.rowspan) || 1,
                  ...(cell.type === "tableHeader" ? { shading: { fill: CLAUSE_LABEL_FILL, type: ShadingType.CLEAR, color: "auto" } } : {}),
                }),
            ),
          }),
      ),
    });
  }

  /** A note or warning: a one-cell shaded box with its label, so it stands out on paper. */
  function boxed(content: Block[], label: string): Table {
    const body = [new Paragraph({ children: [new TextRun({ text: label, bold: true })] }), ...content];
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [new TableRow({ children: [new TableCell({ children: body, shading: { fill: CLAUSE_LABEL_FILL, type: ShadingType.CLEAR, color: "auto" } })] })],
    });
  }

  /** A part's label, and under it who may approve it. */
  function partLabel(label: string, approver: string): TextRun[] {
    return [new TextRun({ text: label, bold: true }), ...(approver ? [new TextRun({ text: approver, italics: true, break: 1 })] : [])];
  }

  function clausePosition(node: JSONContent): Table {
    const parts = node.content ?? [];
    const labels = clausePartLabels(parts);
    const { name, notes } = clauseHeading(node.attrs);
    const head = [new TextRun({ text: name, bold: true }), ...notes.map((note) => new TextRun({ text: note, italics: true, break: 1 }))];
    const fill = (color: string) => ({ shading: { fill: color, type: ShadingType.CLEAR, color: "auto" } });
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      borders: {
        top: { style: BorderStyle.SINGLE, size: 4, color: "8EAADB" },
        bottom: { style: BorderStyle.SINGLE, size: 4, color: "8EAADB" },
        left: { style: BorderStyle.SINGLE, size: 4, color: "8EAADB" },
        right: { style: BorderStyle.SINGLE, size: 4, color: "8EAADB" },
        insideHorizontal: { style: BorderStyle.SINGLE, size: 4, color: "8EAADB" },
        insideVertical: { style: BorderStyle.SINGLE, size: 4, color: "8EAADB" },
      },
      rows: [
        new TableRow({
          cantSplit: true,
          children: [new TableCell({ columnSpan: 2, children: [new Paragraph({ children: head, keepNext: true })], ...fill(CLAUSE_HEAD_FILL) })],
        }),
        ...parts.map(
          (part, index) =>
            new TableRow({
              children: [
                new TableCell({
                  width: { size: 25, type: WidthType.PERCENTAGE },
                  children: [new Paragraph({ children: partLabel(labels[index]!, clausePartApprover(part.attrs)) })],
                  ...fill(CLAUSE_LABEL_FILL),
                }),
                new TableCell({ width: { size: 75, type: WidthType.PERCENTAGE }, children: cellBlocks(part.content) }),
              ],
            }),
        ),
      ],
    });
  }

  return { blocks };
}


/**
 * The Word file of a document: `title` goes in the file's properties; the content is the
 * document's own. `threads` (positions in `json`) become Word comments, replies as replies.
 * A file with suggestions or comments opens with Track Changes on, so a reviewer's edits
 * come back as suggestions too.
 */
export async function documentToDocx({
  title,
  json,
  marking = null,
  threads = [],
}: {
  title: string;
  json: JSONContent;
  marking?: string | null;
  threads?: DocxThread[];
}): Promise<Buffer> {
  const comments = docxComments(threads);
  const content = threads.length ? withCommentAnchors(json, threads.map(({ from, to }, i) => ({ from, to, ids: comments.ids[i]! }))) : json;
  const writer = createWriter();
  const children = (content.content ?? []).flatMap((node) => writer.blocks(node));
  const underReview = threads.length > 0 || hasSuggestions(json);
  const document = new Document({
    title,
    creator: "Precedent",
    ...(comments.options.length ? { comments: { children: comments.options } } : {}),
    ...(underReview ? { features: { trackRevisions: true } } : {}),
    numbering: {
      config: [
        { reference: ORDERED, levels: orderedLevels },
        { reference: BULLETS, levels: bulletLevels },
      ],
    },
    sections: [
      {
        // A client's material is marked on every page (ADR 013).
        ...(marking ? { headers: { default: new Header({ children: [new Paragraph({ children: [new TextRun({ text: marking, bold: true })] })] }) } } : {}),
        children: children.length ? children : [new Paragraph({})],
      },
    ],
  });
  return Packer.toBuffer(document);
}
