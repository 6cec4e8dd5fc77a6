import path from "node:path";
import { z } from "zod";
import { textField } from "../validation.ts";
import {
  DOCUMENT_JURISDICTIONS_MAX,
  DOCUMENT_JURISDICTION_MAX_LENGTH,
  DOCUMENT_OWNER_ROLE_MAX_LENGTH,
  DOCUMENT_PRACTICE_AREA_MAX_LENGTH,
  DOCUMENT_SUMMARY_MAX_LENGTH,
  DOCUMENT_TAGS_MAX,
  DOCUMENT_TAG_MAX_LENGTH,
  DOCUMENT_TITLE_MAX_LENGTH,
  TOOLKIT_ITEMS_MAX,
} from "../config.ts";
import { DeliverableTypeSchema, DocumentSlugSchema, OwnerRoleSchema, ReviewIntervalMonthsSchema } from "../documents/schema.ts";
import { slugFromTitle } from "./slug.ts";

/**
 * The front matter of a library file (playbooks/*.md): a strict subset of YAML, so that a
 * firm's playbooks read naturally in git and in any Markdown tool, without a YAML dependency.
 *
 *     ---
 *     slug: nda-negotiation-england-wales
 *     kind: playbook
 *     title: "NDA negotiation: England and Wales"
 *     summary: Positions on the clauses of a one-way or mutual NDA.
 *     status: published
 *     practiceArea: Commercial
 *     jurisdictions:
 *       - England and Wales
 *     tags:
 *       - nda
 *     ownerRole: Knowledge lawyer
 *     reviewIntervalMonths: 12
 *     lawStatedAt: 2026-11-30
 *     items:
 *       - mutual-nda-template
 *     deliverables:
 *       - type: NDA first draft
 *         template: mutual-nda-template
 *     ---
 *
 * The subset: one `key: value` per line; a list as `key:` followed by items `  - value` (two
 * spaces, dash, space) or on one line as `key: [a, "b, c"]`. Values are plain (the rest of the
 * line, or of the list item) or double-quoted with `\"`, `\\`, `\n`, `\r` and `\t` as the only
 * escapes (a summary typed in the app may hold newlines). `lawStatedAt` is a day, YYYY-MM-DD.
 * `deliverables` (a toolkit's) is the one list of records: each item `  - type: …` with its
 * `    template: …` on the next line (four spaces). No comments, other nested lists, multi-line
 * strings, anchors or tabs: they are refused with the line number rather than misread. Keys are
 * known (below), each at most once; an unknown key is an error, so a typo never silently drops
 * a field. `slug` may be left out: it is then the file's name (`NDA Review.md` → nda-review),
 * as for a Word file.
 *
 * Canonical form (what `writeFrontMatter` produces, and what playbooks/ is written in):
 * keys in FRONT_MATTER_KEYS order, absent keys left out, a value quoted only when a plain one
 * would be misread (see `needsQuotes`). A canonical file is written back byte for byte; the
 * parser also reads other key orders and needlessly quoted values, which are written back in
 * canonical form.
 */

/** Canonical key order. */
export const FRONT_MATTER_KEYS = [
  "slug",
  "kind",
  "title",
  "summary",
  "status",
  "practiceArea",
  "jurisdictions",
  "tags",
  "ownerRole",
  "reviewIntervalMonths",
  "lawStatedAt",
  "items",
  "deliverables",
] as const;
type Key = (typeof FRONT_MATTER_KEYS)[number];
const LIST_KEYS = new Set<Key>(["jurisdictions", "tags", "items", "deliverables"]);
/** The keys of one of a toolkit's deliverables, in the order they are written. */
const DELIVERABLE_KEYS = ["type", "template"] as const;

export const LIBRARY_KINDS = ["playbook", "toolkit", "template", "precedent"] as const;
/** A file may set a starting status; ARCHIVED documents are not exported and cannot be imported. */
export const LIBRARY_STATUSES = ["draft", "in_review", "published"] as const;

const text = (what: string, max: number) =>
  textField().min(1, `Give the ${what}, or leave the key out.`).max(max, `Keep the ${what} to ${max} characters.`);
const list = (what: string, max: number, item: z.ZodType<string>) =>
  z
    .array(item)
    .max(max, `Use at most ${max} ${what}.`)
    .refine((values) => new Set(values.map((v) => v.toLowerCase())).size === values.length, `The ${what} repeat a value.`);

export const FrontMatterSchema = z
  .strictObject({
    slug: DocumentSlugSchema,
    kind: z.enum(LIBRARY_KINDS, { error: `kind is one of ${LIBRARY_KINDS.join(", ")}.` }),
    title: text("title", DOCUMENT_TITLE_MAX_LENGTH),
    summary: text("summary", DOCUMENT_SUMMARY_MAX_LENGTH).optional(),
    status: z.enum(LIBRARY_STATUSES, { error: `status is one of ${LIBRARY_STATUSES.join(", ")}.` }).optional(),
    practiceArea: text("practice area", DOCUMENT_PRACTICE_AREA_MAX_LENGTH).optional(),
    jurisdictions: list("jurisdictions", DOCUMENT_JURISDICTIONS_MAX, text("jurisdiction", DOCUMENT_JURISDICTION_MAX_LENGTH)).optional(),
    tags: list("tags", DOCUMENT_TAGS_MAX, text("tag", DOCUMENT_TAG_MAX_LENGTH)).optional(),
    // Plain (untrimmed) strings as written; the documents schema's own checks otherwise.
    ownerRole: text("owner role", DOCUMENT_OWNER_ROLE_MAX_LENGTH).pipe(OwnerRoleSchema).optional(),
    reviewIntervalMonths: ReviewIntervalMonthsSchema.optional(),
    /** "Law stated as at" (Document.lawStatedAt): the day the file's text is vouched for. */
    lawStatedAt: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Give the day as YYYY-MM-DD.")
      .refine((day) => new Date(`${day}T00:00:00.000Z`).toISOString().slice(0, 10) === day, "That day does not exist.")
      .optional(),
    items: list("items", TOOLKIT_ITEMS_MAX, DocumentSlugSchema).optional(),
    /** The deliverable types a toolkit suggests on a mandate, each drafted from one of its templates. */
    deliverables: z
      .array(z.strictObject({ type: DeliverableTypeSchema, template: DocumentSlugSchema }))
      .max(TOOLKIT_ITEMS_MAX, `Use at most ${TOOLKIT_ITEMS_MAX} deliverables.`)
      .optional(),
  })
  .superRefine((fm, ctx) => {
    if (fm.items && fm.kind !== "toolkit") ctx.addIssue({ code: "custom", path: ["items"], message: "Only a toolkit lists items." });
    if (fm.items?.includes(fm.slug)) ctx.addIssue({ code: "custom", path: ["items"], message: "A toolkit cannot contain itself." });
    if (fm.deliverables && fm.kind !== "toolkit") ctx.addIssue({ code: "custom", path: ["deliverables"], message: "Only a toolkit suggests deliverables." });
    const named = new Set<string>();
    fm.deliverables?.forEach(({ template }, index) => {
      const path = ["deliverables", index, "template"];
      if (!fm.items?.includes(template)) ctx.addIssue({ code: "custom", path, message: `"${template}" is not one of this toolkit's items: list it under items.` });
      else if (named.has(template)) ctx.addIssue({ code: "custom", path, message: `"${template}" already names a deliverable type.` });
      named.add(template);
    });
  });
export type FrontMatter = z.infer<typeof FrontMatterSchema>;

/** A library file that does not parse: names the file, the key (or line) and what is wrong. */
export class FrontMatterError extends Error {
  constructor(
    readonly file: string,
    readonly issues: { key?: string; line?: number; message: string }[],
  ) {
    super(`${file}: ${issues.map((i) => `${i.key ? `${i.key}: ` : ""}${i.line ? `line ${i.line}: ` : ""}${i.message}`).join("; ")}`);
    this.name = "FrontMatterError";
  }
}

type Issue = FrontMatterError["issues"][number];

export type LibraryFile = { frontMatter: FrontMatter; body: string };

const FENCE = "---";
const KEY_LINE = /^([A-Za-z][A-Za-z0-9]*):(?: (.*))?$/;
const ITEM_LINE = /^ {2}- (.*)$/;
/** The second and later keys of a record in a list (`deliverables`). */
const RECORD_LINE = /^ {4}([A-Za-z][A-Za-z0-9]*):(?: (.*))?$/;

/** Splits a file into front matter and Markdown body; `file` only names it in errors. */
export function parseLibraryFile(source: string, file: string): LibraryFile {
  // Byte-for-byte round trips need one line ending; say so rather than fail on a stray \r later.
  if (source.includes("\r")) throw new FrontMatterError(file, [{ message: "Save the file with LF line endings (it contains CR characters)." }]);
  const lines = source.split("\n");
  if (lines[0] !== FENCE) throw new FrontMatterError(file, [{ line: 1, message: "The file must start with a --- line opening its front matter." }]);
  const end = lines.indexOf(FENCE, 1);
  if (end === -1) throw new FrontMatterError(file, [{ message: "The front matter has no closing --- line." }]);
  const raw = parseLines(lines.slice(1, end), file);
  raw.slug ??= slugFromFileName(file);
  const result = FrontMatterSchema.safeParse(raw);
  if (!result.success) {
    throw new FrontMatterError(
      file,
      result.error.issues.map((i) => ({ key: i.path.length ? i.path.map(String).join(".") : undefined, message: i.message })),
    );
  }
  // After the closing fence: one blank line, the body, one final newline (see writeLibraryFile).
  const rest = lines.slice(end + 1).join("\n");
  const body = rest.replace(/^\n/, "").replace(/\n$/, "");
  return { frontMatter: result.data, body };
}

/** "contracts/NDA Review.md" → "nda-review": the slug of a file whose front matter names none. */
const slugFromFileName = (file: string) => slugFromTitle(path.basename(file).replace(/\.md$/i, ""));

function parseLines(lines: string[], file: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const issues: Issue[] = [];
  let listKey: Key | undefined;
  let record: Record<string, string> | undefined;
  /** One `key: value` of a deliverable record, read into `record`. */
  const recordField = (raw: string, lineNo: number) => {
    const field = KEY_LINE.exec(raw);
    const key = field?.[1];
    if (!field || !key) return issues.push({ key: "deliverables", line: lineNo, message: "Write each deliverable as `  - type: …` then `    template: …`." });
    if (!(DELIVERABLE_KEYS as readonly string[]).includes(key)) return issues.push({ key: "deliverables", line: lineNo, message: `Unknown key ${key}. A deliverable has ${DELIVERABLE_KEYS.join(" and ")}.` });
    if (key in record!) return issues.push({ key: "deliverables", line: lineNo, message: `${key} appears twice in one deliverable.` });
    const value = field[2] ? scalar(field[2], lineNo, issues, "deliverables") : undefined;
    if (value === undefined) return field[2] ? undefined : issues.push({ key: "deliverables", line: lineNo, message: `Give the ${key}.` });
    record![key] = value;
  };
  lines.forEach((line, index) => {
    const lineNo = index + 2; // the opening fence is line 1
    if (line.includes("\t")) return issues.push({ line: lineNo, message: "Use spaces, not tabs." });
    const more = RECORD_LINE.exec(line);
    if (more && record) return recordField(line.trimStart(), lineNo);
    const item = ITEM_LINE.exec(line);
    if (item && listKey === "deliverables") {
      record = {};
      (out.deliverables as Record<string, string>[]).push(record);
      return recordField(item[1]!, lineNo);
    }
    record = undefined;
    if (item) {
      if (!listKey) return issues.push({ line: lineNo, message: "A list item must follow a list key (jurisdictions:, tags:, items:, deliverables:)." });
      const value = scalar(item[1]!, lineNo, issues);
      if (value !== undefined) (out[listKey] as string[]).push(value);
      return;
    }
    listKey = undefined;
    const match = KEY_LINE.exec(line);
    if (!match) return issues.push({ line: lineNo, message: "Expected `key: value`, `key:` or `  - item`." });
    const key = match[1]! as Key;
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key)) {
      return issues.push({ key, line: lineNo, message: `Unknown key. Known keys: ${FRONT_MATTER_KEYS.join(", ")}.` });
    }
    if (key in out) return issues.push({ key, line: lineNo, message: "This key appears twice." });
    const rawValue = match[2];
    if (LIST_KEYS.has(key)) {
      if (key === "deliverables" && rawValue) return issues.push({ key, line: lineNo, message: "Write the deliverables as `deliverables:` followed by `  - type: …` and `    template: …` lines." });
      if (rawValue === undefined || rawValue === "") {
        out[key] = [];
        listKey = key;
        return;
      }
      const values = flowList(rawValue, lineNo, issues, key);
      if (values !== undefined) out[key] = values;
      return;
    }
    if (rawValue === undefined || rawValue === "") return issues.push({ key, line: lineNo, message: "Give a value, or leave the key out." });
    if (key === "lawStatedAt") {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(rawValue)) return issues.push({ key, line: lineNo, message: "Give the day as YYYY-MM-DD (2026-11-30)." });
      out[key] = rawValue;
      return;
    }
    if (key === "reviewIntervalMonths") {
      if (!/^\d{1,3}$/.test(rawValue)) return issues.push({ key, line: lineNo, message: "Give a whole number of months (12)." });
      out[key] = Number(rawValue);
      return;
    }
    const value = scalar(rawValue, lineNo, issues, key);
    if (value === undefined) return;
    out[key] = value;
  });
  for (const key of LIST_KEYS) {
    // `tags:` with no items would be written back as nothing: say so rather than lose the line.
    if (Array.isArray(out[key]) && (out[key] as unknown[]).length === 0) issues.push({ key, message: "An empty list: leave the key out." });
  }
  if (issues.length) throw new FrontMatterError(file, issues);
  return out;
}

/** One item of a flow list: double-quoted, or plain up to the next comma. */
const FLOW_ITEM = /\s*("(?:[^"\\]|\\.)*"|[^,"]*?)\s*(?:,|$)/y;

/** `[a, "b, c"]`: a list on one line, each item read as a value is anywhere else (undefined after an issue). */
function flowList(raw: string, line: number, issues: Issue[], key: Key): string[] | undefined {
  const inner = /^\[(.*)\]$/.exec(raw)?.[1];
  if (inner === undefined) {
    issues.push({ key, line, message: "Write a list as `key: [a, b]`, or as `key:` followed by `  - value` lines." });
    return undefined;
  }
  const values: string[] = [];
  FLOW_ITEM.lastIndex = 0;
  while (FLOW_ITEM.lastIndex < inner.length) {
    const item = FLOW_ITEM.exec(inner)?.[1];
    if (item === undefined || (!item.startsWith('"') && /[[\]{}]/.test(item))) {
      issues.push({ key, line, message: "Separate the list's items with commas, and put an item holding [ ] { } or \" in double quotes." });
      return undefined;
    }
    if (item === "") {
      issues.push({ key, line, message: "The list has an empty item." });
      return undefined;
    }
    const value = scalar(item, line, issues, key);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

function scalar(raw: string, line: number, issues: Issue[], key?: string): string | undefined {
  if (raw.startsWith('"')) {
    const quoted = /^"((?:[^"\\]|\\["\\nrt])*)"$/.exec(raw);
    if (!quoted) {
      issues.push({ key, line, message: 'A quoted value ends with " and escapes only \\", \\\\, \\n, \\r and \\t.' });
      return undefined;
    }
    return quoted[1]!.replace(/\\(["\\nrt])/g, (_, c: string) => UNESCAPES[c]!);
  }
  if (needsQuotes(raw)) {
    issues.push({ key, line, message: `Put this value in double quotes: ${raw}` });
    return undefined;
  }
  return raw;
}

/**
 * Whether a value must be double-quoted to read back as the same string, in our parser and in
 * YAML's (so the files stay valid YAML for other tools): empty, edge spaces, a leading YAML
 * indicator, `: ` or ` #` inside, or a word YAML would read as a boolean, null or number.
 */
export function needsQuotes(value: string): boolean {
  return (
    value === "" ||
    value !== value.trim() ||
    /[\n\r\t]/.test(value) ||
    /^[-?:,[\]{}#&*!|>'"%@`]/.test(value) ||
    /: |:$| #/.test(value) ||
    /^(?:true|false|yes|no|on|off|y|n|null|~)$/i.test(value) ||
    /^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i.test(value) ||
    /^0x[0-9a-f]+$/i.test(value)
  );
}

const ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const UNESCAPES: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", r: "\r", t: "\t" };

function writeScalar(value: string): string {
  return needsQuotes(value) ? `"${value.replace(/["\\\n\r\t]/g, (c) => ESCAPES[c]!)}"` : value;
}

/** The canonical front matter block, fences included. */
export function writeFrontMatter(fm: FrontMatter): string {
  const lines = [FENCE];
  for (const key of FRONT_MATTER_KEYS) {
    const value = fm[key];
    if (value === undefined) continue;
    if (key === "deliverables") {
      if (fm.deliverables?.length) lines.push(`${key}:`, ...fm.deliverables.flatMap((d) => [`  - type: ${writeScalar(d.type)}`, `    template: ${writeScalar(d.template)}`]));
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      lines.push(`${key}:`, ...(value as string[]).map((v) => `  - ${writeScalar(v)}`));
    } else {
      lines.push(`${key}: ${typeof value === "number" ? String(value) : writeScalar(value)}`);
    }
  }
  lines.push(FENCE);
  return `${lines.join("\n")}\n`;
}

/** A whole library file: front matter, a blank line, the Markdown body, one final newline. */
export function writeLibraryFile({ frontMatter, body }: LibraryFile): string {
  return `${writeFrontMatter(frontMatter)}\n${body}\n`;
}
