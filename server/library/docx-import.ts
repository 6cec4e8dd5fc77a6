import type { JSONContent } from "@tiptap/core";
import mammoth from "mammoth";
import { LIBRARY_DOCX_MAX_BYTES, LIBRARY_DOCX_MAX_UNZIPPED_BYTES } from "../config.ts";
import { mammothHtmlToDocumentJson } from "./mammoth-html.ts";
import { unzipBounded, ZipError, ZipTooLargeError } from "./zip-read.ts";
import { plural } from "./plural.ts";

/**
 * A Word file as a Precedent document: mammoth reads the .docx into HTML, which
 * ./mammoth-html.ts turns into the editor's JSON. What Precedent has no place for is counted
 * and reported (`warnings`), never dropped in silence: mammoth itself reports little (it leaves
 * comments and deleted text out, keeps inserted text, reads text boxes inline), so the parts it
 * passes over are counted in the package's XML. docs/decisions/011-library-files.md, addendum.
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
  json: JSONContent;
  warnings: string[];
};

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const MB = 1024 * 1024;
export const DOCX_TOO_LARGE = `larger than ${LIBRARY_DOCX_MAX_BYTES / MB} MB, the limit for a Word file`;

/** Parts read besides what mammoth reads: properties (title), comments, headers and footers. */
const WANTED_PART = /^(word\/document\.xml|docProps\/core\.xml|word\/(header|footer)\d*\.xml)$/;

/** Elements of word/document.xml that mammoth passes over, each with what the user is told. */
const PASSED_OVER: { pattern: RegExp; report: (n: number) => string }[] = [
  { pattern: /<w:commentReference\b/g, report: (n) => `${plural(n, "comment")} left out` },
  { pattern: /<w:ins\b/g, report: (n) => `${plural(n, "tracked insertion")} accepted (the text is kept)` },
  { pattern: /<w:del\b/g, report: (n) => `${plural(n, "tracked deletion")} accepted (the text is left out)` },
  { pattern: /<w:footnoteReference\b/g, report: (n) => `${plural(n, "footnote")} moved to a numbered list at the end` },
  { pattern: /<w:endnoteReference\b/g, report: (n) => `${plural(n, "endnote")} moved to a numbered list at the end` },
  { pattern: /<w:txbxContent\b/g, report: (n) => `${plural(n, "text box", "text boxes")} read as ordinary paragraphs` },
  { pattern: /<m:oMath\b/g, report: (n) => `${plural(n, "equation")} left out` },
  { pattern: /<c:chart\b/g, report: (n) => `${plural(n, "chart")} left out` },
  { pattern: /<dgm:relIds\b/g, report: (n) => `${plural(n, "SmartArt diagram")} left out` },
  { pattern: /<w:object\b/g, report: (n) => `${plural(n, "embedded object")} left out` },
];

const XML_ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi;
const XML_NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
function decodeXml(text: string): string {
  return text.replace(XML_ENTITY, (_, name: string) =>
    name.startsWith("#") ? String.fromCodePoint(Number.parseInt(name.slice(name[1] === "x" ? 2 : 1), name[1] === "x" ? 16 : 10)) : XML_NAMED[name.toLowerCase()]!,
  );
}

/** The text of a part's runs (w:t), for titles and to tell a header with words from an empty one. */
const runText = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeXml(m[1]!)).join("");

/**
 * The parts this file reads, after inflating every entry of the package (those mammoth reads
 * too) with a running count of the bytes that come out: mammoth's own unzip then inflates no
 * more than was counted here.
 */
function unzipParts(bytes: Uint8Array, maxUnzippedBytes: number): Record<string, string> {
  if (!ZIP_MAGIC.every((byte, i) => bytes[i] === byte)) throw new DocxError("not a Word file: .docx files are zip packages, and this is not one");
  let files;
  try {
    files = unzipBounded(bytes, { maxUnzippedBytes, keep: (name) => WANTED_PART.test(name) });
  } catch (error) {
    if (error instanceof ZipTooLargeError) throw new DocxUnzippedTooLargeError(error.limitBytes);
    if (error instanceof ZipError) throw new DocxError(`not a readable Word file (the zip package is damaged: ${error.message})`);
    throw error;
  }
  if (!files["word/document.xml"]) throw new DocxError("not a Word document: the package has no word/document.xml");
  const decoder = new TextDecoder();
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, decoder.decode(data)]));
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

/** Reads a .docx (the bytes of the file) into document JSON, a title if the file has one, and what was not carried over. */
export async function readDocx(bytes: Uint8Array, { maxUnzippedBytes = LIBRARY_DOCX_MAX_UNZIPPED_BYTES }: ReadDocxOptions = {}): Promise<DocxContent> {
  if (bytes.byteLength > LIBRARY_DOCX_MAX_BYTES) throw new DocxError(DOCX_TOO_LARGE);
  const parts = unzipParts(bytes, maxUnzippedBytes);
  const documentXml = parts["word/document.xml"]!;

  let images = 0;
  const result = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
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
  let json: JSONContent;
  try {
    json = mammothHtmlToDocumentJson(result.value);
  } catch (error) {
    throw new DocxError(`could not be turned into a document (${error instanceof Error ? error.message : String(error)})`);
  }

  const warnings: string[] = [];
  if (images) warnings.push(`${plural(images, "image")} left out (documents hold text only)`);
  for (const { pattern, report } of PASSED_OVER) {
    const count = documentXml.match(pattern)?.length ?? 0;
    if (count) warnings.push(report(count));
  }
  const headerText = Object.entries(parts).filter(([name]) => /^word\/(header|footer)/.test(name)).some(([, xml]) => runText(xml).trim());
  if (headerText) warnings.push("headers and footers left out");
  for (const message of new Set(result.messages.map((m) => m.message))) warnings.push(`Word reader: ${message}`);

  const coreTitle = /<dc:title>([^<]*)<\/dc:title>/.exec(parts["docProps/core.xml"] ?? "")?.[1];
  const title = (coreTitle && decodeXml(coreTitle).trim()) || firstHeading(json);
  return { title, json, warnings };
}
