import type { JSONContent } from "@tiptap/core";
import { strToU8, zipSync } from "fflate";
import mammoth from "mammoth";
import { documentSchema } from "../../app/editor/schema.ts";
import type { SuggestionKind } from "../../app/editor/suggestion-marks.ts";
import { LIBRARY_DOCX_MAX_BYTES, LIBRARY_DOCX_MAX_UNZIPPED_BYTES } from "../config.ts";
import { readThreads, type WordThread } from "./docx-comments.ts";
import { markDocumentXml, resolveMarkers } from "./docx-markers.ts";
import { mammothHtmlToDocumentJson } from "./mammoth-html.ts";
import { unzipBounded, ZipError, ZipTooLargeError } from "./zip-read.ts";
import { plural } from "./plural.ts";
import { decodeXml, runText } from "./word-xml.ts";

/**
 * A Word file as a Precedent document: mammoth reads the .docx into HTML, which
 * ./mammoth-html.ts turns into the editor's JSON. Tracked changes become suggestions and
 * comments threads (./docx-markers.ts carries them through mammoth, which would drop deleted
 * text and comments). What Precedent has no place for is counted and reported (`warnings`),
 * never dropped in silence: mammoth itself reports little (it reads text boxes inline, leaves
 * headers out), so the parts it passes over are counted in the package's XML.
 * docs/decisions/011-library-files.md, addendum; 034-word-tracked-changes-and-comments.md.
 */

export class DocxError extends Error {}

/** The package inflates to more than the limit (counted as it inflates; the sizes it declares are not trusted). */
export class DocxUnzippedTooLargeError extends DocxError {
  constructor(readonly limitBytes: number) {
    super(`unzips to more than ${limitBytes >= MB ? `${Math.round(limitBytes / MB)} MB` : `${limitBytes} bytes`}, the limit for a Word file`);
  }
}

export type ReadDocxOptions = {
  /** The most bytes the whole package may inflate to (tests use a small one). */
  maxUnzippedBytes?: number;
};

export type DocxContent = {
  /** The document's title from its properties, else its first heading; undefined when it has neither. */
  title: string | undefined;
  /** Tracked changes are in it as `insertion` / `deletion` / `formatChange` marks (authorId null: a Word author is a name). */
  json: JSONContent;
  /** The file's comments, a thread per first comment with its replies, placed in `json`. */
  threads: WordThread[];
  warnings: string[];
};

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const MB = 1024 * 1024;
export const DOCX_TOO_LARGE = `larger than ${LIBRARY_DOCX_MAX_BYTES / MB} MB, the limit for a Word file`;

/** Parts read besides what mammoth reads: properties (title), comments and their threads, headers and footers. */
const WANTED_PART = /^(word\/document\.xml|docProps\/core\.xml|word\/comments(Extended)?\.xml|word\/(header|footer)\d*\.xml)$/;

/** Elements of word/document.xml that mammoth passes over, each with what the user is told. */
const PASSED_OVER: { pattern: RegExp; report: (n: number) => string }[] = [
  { pattern: /<w:footnoteReference\b/g, report: (n) => `${plural(n, "footnote")} moved to a numbered list at the end` },
  { pattern: /<w:endnoteReference\b/g, report: (n) => `${plural(n, "endnote")} moved to a numbered list at the end` },
  { pattern: /<w:txbxContent\b/g, report: (n) => `${plural(n, "text box", "text boxes")} read as ordinary paragraphs` },
  { pattern: /<m:oMath\b/g, report: (n) => `${plural(n, "equation")} left out` },
  { pattern: /<c:chart\b/g, report: (n) => `${plural(n, "chart")} left out` },
  { pattern: /<dgm:relIds\b/g, report: (n) => `${plural(n, "SmartArt diagram")} left out` },
  { pattern: /<w:object\b/g, report: (n) => `${plural(n, "embedded object")} left out` },
];

/**
 * Every entry of the package, inflated with a running count of the bytes that come out (so
 * mammoth, reading the same entries or a copy of them, inflates no more than was counted
 * here), and the parts this file reads as text.
 */
function unzipParts(bytes: Uint8Array, maxUnzippedBytes: number): { files: Record<string, Uint8Array>; parts: Record<string, string> } {
  if (!ZIP_MAGIC.every((byte, i) => bytes[i] === byte)) throw new DocxError("not a Word file: .docx files are zip packages, and this is not one");
  let files;
  try {
    files = unzipBounded(bytes, { maxUnzippedBytes, keep: (name) => !name.endsWith("/") });
  } catch (error) {
    if (error instanceof ZipTooLargeError) throw new DocxUnzippedTooLargeError(error.limitBytes);
    if (error instanceof ZipError) throw new DocxError(`not a readable Word file (the zip package is damaged: ${error.message})`);
    throw error;
  }
  if (!files["word/document.xml"]) throw new DocxError("not a Word document: the package has no word/document.xml");
  const decoder = new TextDecoder();
  const parts = Object.fromEntries(Object.entries(files).flatMap(([name, data]) => (WANTED_PART.test(name) ? [[name, decoder.decode(data)]] : [])));
  return { files, parts };
}

/** The parts of mammoth's document tree this file touches (mammoth ships no types for it). */
type MammothElement = {
  type: string;
  styleName?: string | null;
  styleId?: string | null;
  numbering?: { level: string; isOrdered: boolean } | null;
  children?: MammothElement[];
  value?: string;
};

/**
 * Headings numbered by Word's list numbering carry no number in mammoth's output: give them
 * one ("1.", "1.1", "1.1.1") the way a multi-level clause list counts, so a lawyer reading the
 * import still finds clause 4.2.
 */
function numberHeadings(document: MammothElement): MammothElement {
  const counters: number[] = [];
  const visit = (element: MammothElement): MammothElement => {
    const numbering = element.numbering;
    if (element.type !== "paragraph" || !numbering?.isOrdered || !/^heading\s*\d/i.test(element.styleName ?? element.styleId ?? "")) {
      return element.children ? { ...element, children: element.children.map(visit) } : element;
    }
    const level = Number(numbering.level) || 0;
    counters.length = level + 1;
    for (let i = 0; i < level; i++) counters[i] ??= 1;
    counters[level] = (counters[level] ?? 0) + 1;
    const label = level === 0 ? `${counters[0]}.` : counters.join(".");
    return { ...element, children: [{ type: "run", children: [{ type: "text", value: `${label} ` }] }, ...(element.children ?? [])] };
  };
  return visit(document);
}

const firstHeading = (json: JSONContent) =>
  json.content?.find((node) => node.type === "heading")?.content?.map((n) => n.text ?? "").join("").trim() || undefined;

/** "2 tracked insertions, 1 tracked deletion and 1 tracked formatting change read as suggestions, to accept or reject". */
function suggestionsReport({ insertion, deletion, formatChange }: Record<SuggestionKind, number>): string | undefined {
  const kinds = [
    insertion ? plural(insertion, "tracked insertion") : "",
    deletion ? plural(deletion, "tracked deletion") : "",
    formatChange ? plural(formatChange, "tracked formatting change") : "",
  ].filter(Boolean);
  const listed = kinds.length > 1 ? `${kinds.slice(0, -1).join(", ")} and ${kinds.at(-1)}` : kinds[0];
  return listed ? `${listed} read as suggestions, to accept or reject` : undefined;
}

/** Reads a .docx (the bytes of the file) into document JSON with its suggestions, its comment threads, a title if the file has one, and what was not carried over. */
export async function readDocx(bytes: Uint8Array, { maxUnzippedBytes = LIBRARY_DOCX_MAX_UNZIPPED_BYTES }: ReadDocxOptions = {}): Promise<DocxContent> {
  if (bytes.byteLength > LIBRARY_DOCX_MAX_BYTES) throw new DocxError(DOCX_TOO_LARGE);
  const { files, parts } = unzipParts(bytes, maxUnzippedBytes);
  const documentXml = parts["word/document.xml"]!;
  const marked = markDocumentXml(documentXml);
  // Mammoth reads the package with the marked document in it (stored, not compressed again: it is read once, here).
  const source = marked.markers.length ? zipSync({ ...files, "word/document.xml": strToU8(marked.xml) }, { level: 0 }) : bytes;

  let images = 0;
  const result = await mammoth.convertToHtml(
    { buffer: Buffer.from(source.buffer, source.byteOffset, source.byteLength) },
    {
      convertImage: mammoth.images.imgElement(async () => {
        images += 1;
        return { src: "" };
      }),
      transformDocument: numberHeadings,
    },
  ).catch((error: unknown) => {
    throw new DocxError(`not a readable Word document (${error instanceof Error ? error.message : String(error)})`);
  });
  let resolved;
  try {
    resolved = resolveMarkers(mammothHtmlToDocumentJson(result.value), marked);
  } catch (error) {
    throw new DocxError(`could not be turned into a document (${error instanceof Error ? error.message : String(error)})`);
  }
  const { json } = resolved;
  const { threads, unplaced } = readThreads({
    commentsXml: parts["word/comments.xml"],
    commentsExtendedXml: parts["word/commentsExtended.xml"],
    anchors: resolved.comments,
    doc: documentSchema.nodeFromJSON(json),
  });

  const warnings: string[] = [];
  if (images) warnings.push(`${plural(images, "image")} left out (documents hold text only)`);
  const suggestions = suggestionsReport(resolved.suggestions);
  if (suggestions) warnings.push(suggestions);
  if (marked.structureChanges) warnings.push(`${plural(marked.structureChanges, "tracked change")} to paragraph breaks or table rows kept as the text shows them`);
  if (marked.formatChanges) warnings.push(`${plural(marked.formatChanges, "tracked formatting change")} accepted (the new formatting is kept)`);
  if (unplaced) warnings.push(`${plural(unplaced, "comment")} left out (not on the document's text: on a header or a note)`);
  for (const { pattern, report } of PASSED_OVER) {
    const count = documentXml.match(pattern)?.length ?? 0;
    if (count) warnings.push(report(count));
  }
  const headerText = Object.entries(parts).filter(([name]) => /^word\/(header|footer)/.test(name)).some(([, xml]) => runText(xml).trim());
  if (headerText) warnings.push("headers and footers left out");
  for (const message of new Set(result.messages.map((m) => m.message))) warnings.push(`Word reader: ${message}`);

  const coreTitle = /<dc:title>([^<]*)<\/dc:title>/.exec(parts["docProps/core.xml"] ?? "")?.[1];
  const title = (coreTitle && decodeXml(coreTitle).trim()) || firstHeading(json);
  return { title, json, threads, warnings };
}
