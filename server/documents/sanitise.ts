import type { ProseMirrorJSON } from "./derive.ts";

/**
 * Promote to precedent, the sanitisation step (issue 11): find what identifies a client in a
 * document's text, and replace it. Pure functions over ProseMirror JSON, no I/O.
 *
 * Text is read per textblock, across its text nodes, so a name split by a mark ("Acme
 * **Holdings** Ltd") is one match; a replacement lands in the first node of the match with
 * that node's marks, the rest of the match is dropped, and every other node is left as it was.
 * String attributes (a clause's name and "escalate to", a template variable's label and
 * default, a link's href) are scanned and replaced too: they are part of what a reader sees.
 *
 * Detection is heuristic and errs on finding too much: a knowledge lawyer approves the result.
 * Terms are matched ignoring case, on word boundaries.
 */

export type TermCategory = "CLIENT" | "COUNTERPARTY" | "NAME" | "EMAIL" | "PHONE" | "AMOUNT" | "DATE" | "REFERENCE";

export const PLACEHOLDERS: Record<TermCategory, string> = {
  CLIENT: "[Client]",
  COUNTERPARTY: "[Counterparty]",
  NAME: "[Name]",
  EMAIL: "[Email]",
  PHONE: "[Phone]",
  AMOUNT: "[Amount]",
  DATE: "[Date]",
  REFERENCE: "[Reference]",
};

export type FoundTerm = { term: string; category: TermCategory; occurrences: number; replacement: string };
export type Replacement = { term: string; replacement: string };

export type SanitiseContext = {
  /** The client organisation's name ("Acme Holdings Limited"). */
  clientName?: string | null;
  /** Other parties' names: given by the caller, or found in the mandate's texts. */
  counterparties?: string[];
  /** People known to be involved (the client's members). */
  people?: string[];
  /** References known to identify the matter (the mandate's reference). */
  references?: string[];
  /** Free texts about the matter (mandate title and description, deliverable titles): company names in them count as counterparties. */
  texts?: string[];
};

// ── Reading the document ────────────────────────────────────────────────────────────────

/** Stands for an inline node that is not text (a hard break, a variable): no pattern matches across it. */
const ATOM = "\uFFFC";
/** Attributes that are identifiers, never prose. */
const STRUCTURAL_ATTRS = new Set(["clauseId", "id", "role", "tone", "level", "textAlign", "language", "target", "rel", "class", "colspan", "rowspan", "colwidth"]);

const isTextblockContent = (node: ProseMirrorJSON) => (node.content ?? []).some((c) => c.type === "text");

/** Every piece of prose in the document: each textblock's text and every prose attribute. */
export function textsOf(doc: ProseMirrorJSON): string[] {
  const out: string[] = [];
  const attrs = (a: Record<string, unknown> | undefined) => {
    for (const [key, value] of Object.entries(a ?? {})) if (typeof value === "string" && value && !STRUCTURAL_ATTRS.has(key)) out.push(value);
  };
  const walk = (node: ProseMirrorJSON) => {
    attrs(node.attrs);
    for (const mark of node.marks ?? []) attrs(mark.attrs);
    if (isTextblockContent(node)) {
      out.push((node.content ?? []).map((c) => (c.type === "text" ? (c.text ?? "") : ATOM)).join(""));
      for (const child of node.content ?? []) {
        if (child.type !== "text") walk(child);
        else for (const mark of child.marks ?? []) attrs(mark.attrs);
      }
      return;
    }
    for (const child of node.content ?? []) walk(child);
  };
  walk(doc);
  return out;
}

// ── Finding terms ───────────────────────────────────────────────────────────────────────

const COMPANY_SUFFIX = String.raw`(?:Limited|Ltd\.?|LLP|LLC|L\.L\.C\.|Inc\.?|Incorporated|plc|PLC|GmbH|AG|S\.A\.|SA|SAS|B\.V\.|BV|N\.V\.|NV|Pty Ltd|Corp\.?|Corporation)`;
const SUFFIX_AT_END = new RegExp(String.raw`[\s,]+${COMPANY_SUFFIX}$`, "i");
const CAP_WORD = String.raw`(?:[A-Z][\p{L}'’&-]*|[A-Z]{2,}|&)`;
const COMPANY = new RegExp(String.raw`(?<![\p{L}\p{N}])${CAP_WORD}(?:[ ](?:${CAP_WORD}|of|de|du|van|von))*[ ,]+${COMPANY_SUFFIX}(?![\p{L}\p{N}])`, "gu");
/** Words a capitalised run can start with that are not part of a name. */
const LEADING_WORDS = new Set(["The", "This", "That", "A", "An", "And", "Between", "By", "For", "With", "From", "To", "Of", "In", "On", "At", "Whereas", "Dear", "Re", "Each", "Our", "Your", "Its", "Their", "Client", "Counterparty", "Supplier", "Customer", "Buyer", "Seller", "Party"]);
/** Generic first words: "General Holdings Ltd" is not "General". */
const GENERIC_WORDS = new Set(["General", "British", "National", "International", "Global", "United", "First", "Royal", "Northern", "Southern", "Eastern", "Western", "New", "Great", "European", "American", "Standard", "Universal", "Central", "Capital", "City", "Group", "Holdings", "Services", "Trading", "Investments", "Partners"]);

/**
 * Capitalised words that start defined terms and headings in legal text, never people:
 * "Confidential Information", "Effective Date", "Governing Law".
 */
const NOT_NAMES = new Set(
  (
    "The This That These Those A An And Or But If In On At By For Of To From With Without Under Upon Each Every Any All No Not Such Where Whereas When While Subject " +
    "Agreement Agreements Contract Deed Schedule Schedules Annex Appendix Clause Clauses Section Sections Part Parts Article Articles Recital Recitals Paragraph Exhibit " +
    "Party Parties Supplier Customer Client Buyer Seller Purchaser Vendor Licensor Licensee Lender Borrower Landlord Tenant Employer Employee Contractor Consultant Provider Recipient Discloser Disclosing Receiving Guarantor Company Group Affiliate Affiliates Counterparty " +
    "Confidential Information Effective Date Dates Term Terms Termination Governing Law Laws Court Courts Business Day Days Working Month Months Year Years Fee Fees Charges Price Payment Services Service Goods Deliverables Deliverable Products Product Intellectual Property Rights Right " +
    "Data Personal Protection Processing Processor Controller Force Majeure Liability Limitation Indemnity Warranties Warranty Representations Insurance Notice Notices Dispute Resolution Change Control Order Orders Statement Work Purpose Permitted Commencement Completion Expiry Initial Renewal Period " +
    "England Wales Scotland Ireland Northern United Kingdom States Europe European Union London New York Act Acts Regulation Regulations Directive Code Rules Rule Standard Terms Conditions General Specific Special Key Main Other " +
    "January February March April May June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday " +
    "Mr Mrs Ms Miss Dr Prof Sir Dame Lord Lady Dear Yours Signed Name Title Position Director Secretary Officer Chief Executive Financial Legal Counsel Head Manager Partner Associate Solicitor Barrister Note Notes Draft Final Version Precedent Playbook Template Toolkit Preferred Fallback Redline Rationale Escalate Escalation"
  ).split(" "),
);

const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";

type Detector = { category: TermCategory; pattern: RegExp; group?: number; accept?: (match: string, text: string, index: number) => boolean };

const NAME_WORD = String.raw`[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?`;

/** In priority order: when two matches overlap, the earlier detector (then the longer match) wins. */
const DETECTORS: Detector[] = [
  { category: "EMAIL", pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu },
  {
    category: "REFERENCE",
    // Case, claim, matter and file numbers: the number, not the words before it.
    pattern: /\b(?:case|claim|matter|file|our ref|your ref|ref(?:erence)?)\b\.?(?:\s+(?:no\.?|number|#))?\s*[:.#]?\s*([A-Z0-9][A-Z0-9/._-]*\d[A-Z0-9/_-]*)/gi,
    group: 1,
  },
  // "NW-2026-014", "HC-2024-001234", "ACME/2026/77".
  { category: "REFERENCE", pattern: /(?<![\p{L}\p{N}])[A-Z]{1,6}(?:[-/][A-Z0-9]{1,10}){1,4}(?![\p{L}\p{N}])/gu, accept: (m) => /\d/.test(m) },
  {
    category: "DATE",
    pattern: new RegExp(
      String.raw`\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTHS})\.?,?\s+\d{4}|(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|(?:${MONTHS})\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4}|\d{1,2}[.-]\d{1,2}[.-]\d{4})\b`,
      "g",
    ),
  },
  {
    category: "AMOUNT",
    pattern: new RegExp(
      String.raw`(?:[£$€¥]\s?|\b(?:GBP|USD|EUR|CHF|JPY|AUD|CAD|SGD|HKD|SEK|NOK|DKK)\s?)\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|thousand|m|bn|k)\b)?|\b\d[\d,]*(?:\.\d+)?\s?(?:GBP|USD|EUR|CHF|JPY|AUD|CAD|SGD|HKD|pounds|dollars|euros)\b|\b\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?\b`,
      "g",
    ),
  },
  {
    category: "PHONE",
    pattern: /(?<![\p{L}\p{N}])(?:\+\d{1,3}[\s.-]?|0)(?:\(\d{1,5}\)[\s.-]?)?\d{1,5}(?:[\s.-]?\d{2,5}){1,4}(?![\p{L}\p{N}])/gu,
    accept: (m) => {
      const digits = m.replace(/\D/g, "").length;
      return digits >= 9 && digits <= 15;
    },
  },
  { category: "NAME", pattern: new RegExp(String.raw`\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lord|Lady)\.?\s+${NAME_WORD}(?:\s+${NAME_WORD})?`, "g") },
  {
    category: "NAME",
    // Two or three capitalised words: a person's name, unless it is a defined term, a heading's words or a sentence's first words.
    pattern: new RegExp(String.raw`(?<![\p{L}\p{N}'’"“])${NAME_WORD}(?:\s+[A-Z]\.)?\s+${NAME_WORD}(?:\s+${NAME_WORD})?(?![\p{L}\p{N}])`, "gu"),
    accept: (m, text, index) => {
      const words = m.split(/\s+/).filter((w) => !/^[A-Z]\.$/.test(w));
      if (words.some((w) => NOT_NAMES.has(w.replace(/[’']s$/, "")))) return false;
      const before = text.slice(0, index);
      // The first words of a sentence or block are capitalised anyway.
      if (/(?:^|[.!?:;]\s*|\n\s*)$/.test(before) || before.trim() === "") return false;
      // A definition or a defined term: ("Receiving Party"), the Receiving Party.
      if (/["“(]\s*$/.test(before) || /\bthe\s+$/i.test(before)) return false;
      return true;
    },
  },
];

type Span = { start: number; end: number; text: string; category: TermCategory; priority: number };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A regex for a literal term, ignoring case, on word boundaries where the term starts or ends with a letter or digit. */
export function termPattern(terms: string[]): RegExp | null {
  const unique = [...new Set(terms.map((t) => t.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!unique.length) return null;
  const parts = unique.map((t) => {
    const body = escapeRegExp(t).replace(/\s+/g, String.raw`\s+`);
    const head = /^[\p{L}\p{N}]/u.test(t) ? String.raw`(?<![\p{L}\p{N}])` : "";
    const tail = /[\p{L}\p{N}]$/u.test(t) ? String.raw`(?![\p{L}\p{N}])` : "";
    return head + body + tail;
  });
  return new RegExp(parts.join("|"), "giu");
}

/** A company's name and its short forms: without the suffix ("Acme Holdings"), and its distinctive first word ("Acme"). */
export function nameVariants(name: string, { firstWord = true } = {}): string[] {
  const full = name.trim().replace(/\s+/g, " ");
  if (!full) return [];
  const variants = new Set([full]);
  const bare = full.replace(SUFFIX_AT_END, "").trim();
  if (bare.length >= 2) variants.add(bare);
  const words = bare.split(" ");
  const first = words[0] ?? "";
  if (firstWord && words.length > 1 && first.length >= 4 && !GENERIC_WORDS.has(first) && !NOT_NAMES.has(first)) variants.add(first);
  return [...variants];
}

/** Company names ("Northwind Traders Ltd") in free text. */
export function companyNamesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(COMPANY)) {
    const words = m[0].split(" ");
    while (words.length > 1 && LEADING_WORDS.has(words[0]!)) words.shift();
    const name = words.join(" ");
    if (name.replace(SUFFIX_AT_END, "").trim().length >= 2) out.push(name);
  }
  return out;
}

function literalSpans(texts: string[], terms: string[], category: TermCategory, priority: number): Span[][] {
  const pattern = termPattern(terms);
  return texts.map((text) => (pattern ? [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0], category, priority })) : []));
}

function detectorSpans(text: string, offset: number): Span[] {
  const spans: Span[] = [];
  DETECTORS.forEach((d, i) => {
    for (const m of text.matchAll(d.pattern)) {
      const whole = m[0];
      const captured = d.group ? m[d.group] : whole;
      if (!captured) continue;
      const start = m.index + (d.group ? whole.indexOf(captured) : 0);
      if (d.accept && !d.accept(captured, text, start)) continue;
      spans.push({ start, end: start + captured.length, text: captured.replace(/[.,;:]+$/, ""), category: d.category, priority: offset + i });
    }
  });
  return spans;
}

/** Greedy: by priority, then longer first; a span overlapping one already taken is dropped. */
function resolve(spans: Span[]): Span[] {
  const taken: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.priority - b.priority || b.end - b.start - (a.end - a.start) || a.start - b.start)) {
    if (taken.some((t) => s.start < t.end && t.start < s.end)) continue;
    taken.push(s);
  }
  return taken;
}

/**
 * The distinct identifying terms in a document, with their category, how often each occurs
 * and a suggested placeholder. Known names (the client's, counterparties', people's,
 * references) come first; then patterns (emails, references, dates, amounts, phone numbers,
 * people's names). A person's surname found with a first name is also looked for alone.
 */
export function findIdentifyingTerms(doc: ProseMirrorJSON, context: SanitiseContext = {}): FoundTerm[] {
  const texts = textsOf(doc);
  const clientTerms = context.clientName ? nameVariants(context.clientName) : [];
  const clientKeys = new Set(clientTerms.map((t) => t.toLowerCase()));
  const counterparties = [
    ...(context.counterparties ?? []).flatMap((n) => nameVariants(n)),
    ...(context.texts ?? []).flatMap((t) => companyNamesIn(t)).flatMap((n) => nameVariants(n)),
    ...texts.flatMap((t) => companyNamesIn(t)).flatMap((n) => nameVariants(n, { firstWord: false })),
  ].filter((n) => !clientKeys.has(n.toLowerCase()));

  const first = texts.map((text, i) =>
    resolve([
      // An email address is one term, whoever's domain it names.
      ...detectorSpans(text, -1).filter((s) => s.category === "EMAIL"),
      ...literalSpans([text], clientTerms, "CLIENT", 0)[0]!,
      ...literalSpans([text], context.references ?? [], "REFERENCE", 1)[0]!,
      ...literalSpans([text], counterparties, "COUNTERPARTY", 2)[0]!,
      ...literalSpans([text], context.people ?? [], "NAME", 3)[0]!,
      ...detectorSpans(text, 10),
    ]).map((s) => ({ ...s, block: i })),
  );

  // Surnames of the people found: "Ms Patel" and "Patel" alone are the same person.
  const surnames = new Set<string>();
  for (const s of first.flat()) {
    if (s.category !== "NAME") continue;
    const last = s.text.split(/\s+/).at(-1) ?? "";
    if (last.length >= 3 && /^[A-Z]/.test(last) && !NOT_NAMES.has(last)) surnames.add(last);
  }
  const spans = surnames.size
    ? texts.flatMap((text, i) => resolve([...first[i]!, ...literalSpans([text], [...surnames], "NAME", 50)[0]!]))
    : first.flat();

  const found = new Map<string, FoundTerm & { rank: number }>();
  for (const s of spans) {
    const term = s.text.trim();
    if (!term) continue;
    const key = normalise(term);
    const existing = found.get(key);
    if (existing) {
      existing.occurrences += 1;
      if (s.priority < existing.rank) Object.assign(existing, { category: s.category, rank: s.priority, replacement: PLACEHOLDERS[s.category] });
    } else {
      found.set(key, { term, category: s.category, occurrences: 1, replacement: PLACEHOLDERS[s.category], rank: s.priority });
    }
  }
  const order: TermCategory[] = ["CLIENT", "COUNTERPARTY", "NAME", "EMAIL", "PHONE", "REFERENCE", "AMOUNT", "DATE"];
  return [...found.values()]
    .sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category) || b.occurrences - a.occurrences || a.term.localeCompare(b.term))
    .map(({ rank: _rank, ...t }) => t);
}

// ── Replacing ───────────────────────────────────────────────────────────────────────────

type TextNode = ProseMirrorJSON & { type: "text"; text: string };

function replaceInString(value: string, pattern: RegExp, lookup: (match: string) => string): string {
  return value.replace(pattern, (m) => lookup(m));
}

/** One textblock's inline content with every match replaced: each node keeps its marks; an emptied node goes. */
function replaceInline(content: ProseMirrorJSON[], pattern: RegExp, lookup: (match: string) => string, other: (n: ProseMirrorJSON) => ProseMirrorJSON) {
  const joined = content.map((c) => (c.type === "text" ? (c.text ?? "") : ATOM)).join("");
  const matches = [...joined.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length, replacement: lookup(m[0]) }));
  if (!matches.length) return content.map((c) => (c.type === "text" ? c : other(c)));
  const out: ProseMirrorJSON[] = [];
  let offset = 0;
  for (const child of content) {
    const length = child.type === "text" ? (child.text ?? "").length : 1;
    const start = offset;
    const end = offset + length;
    offset = end;
    if (child.type !== "text") {
      out.push(other(child));
      continue;
    }
    const text = child.text ?? "";
    let result = "";
    let cursor = start;
    for (const m of matches) {
      if (m.end <= start || m.start >= end) continue;
      if (m.start > cursor) result += text.slice(cursor - start, m.start - start);
      // The replacement goes where the match starts; later nodes of a match drop their part.
      if (m.start >= start) result += m.replacement;
      cursor = Math.min(end, m.end);
    }
    if (cursor < end) result += text.slice(cursor - start);
    if (result) out.push({ ...(child as TextNode), text: result });
  }
  return out;
}

function mapStrings(attrs: Record<string, unknown> | undefined, fn: (s: string) => string) {
  if (!attrs) return attrs;
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, typeof v === "string" && !STRUCTURAL_ATTRS.has(k) ? fn(v) : v]));
}

/**
 * A copy of the document with every occurrence of each term (ignoring case, on word
 * boundaries, longer terms first) replaced by its replacement; "" removes it. Structure and
 * marks are kept.
 */
export function applyReplacements(doc: ProseMirrorJSON, replacements: Replacement[]): ProseMirrorJSON {
  const byKey = new Map<string, string>();
  for (const r of replacements) if (r.term.trim()) byKey.set(normalise(r.term), r.replacement);
  const pattern = termPattern(replacements.map((r) => r.term));
  if (!pattern) return structuredClone(doc);
  const lookup = (m: string) => byKey.get(normalise(m)) ?? m;
  const str = (s: string) => replaceInString(s, pattern, lookup);
  const walk = (node: ProseMirrorJSON): ProseMirrorJSON => {
    const copy: ProseMirrorJSON = { ...node };
    if (node.attrs) copy.attrs = mapStrings(node.attrs, str);
    if (node.marks) copy.marks = node.marks.map((mk) => (mk.attrs ? { ...mk, attrs: mapStrings(mk.attrs, str) } : { ...mk }));
    if (node.content) {
      const content = isTextblockContent(node)
        ? replaceInline(
            node.content.map((c) => (c.type === "text" && c.marks ? { ...c, marks: c.marks.map((mk) => (mk.attrs ? { ...mk, attrs: mapStrings(mk.attrs, str) } : mk)) } : c)),
            pattern,
            lookup,
            walk,
          )
        : node.content.map(walk);
      // A textblock emptied by its replacements stays, without content (ProseMirror has no empty text nodes).
      if (content.length) copy.content = content;
      else delete copy.content;
    }
    return copy;
  };
  return walk(doc);
}

const normalise = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

/** The terms still in the document (ignoring case, on word boundaries), with how often each occurs. */
export function remainingTerms(doc: ProseMirrorJSON, terms: string[]): { term: string; occurrences: number }[] {
  const texts = textsOf(doc);
  const out: { term: string; occurrences: number }[] = [];
  for (const term of new Set(terms.map((t) => t.trim()).filter(Boolean))) {
    const pattern = termPattern([term]);
    if (!pattern) continue;
    const occurrences = texts.reduce((n, t) => n + [...t.matchAll(pattern)].length, 0);
    if (occurrences) out.push({ term, occurrences });
  }
  return out;
}

/** The terms in a plain string (a title). */
export function termsInText(text: string, terms: string[]): string[] {
  return terms.filter((t) => {
    const pattern = termPattern([t]);
    return !!pattern && pattern.test(text);
  });
}

/** The document's text, for a preview: textblocks one per line. */
export function plainText(doc: ProseMirrorJSON): string {
  return textsOf(doc)
    .map((t) => t.replaceAll(ATOM, " "))
    .join("\n");
}
