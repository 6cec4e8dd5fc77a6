/**
 * Legal abbreviations and their long forms, as multi-way synonym groups: a query for any member of
 * a group also finds every other member ("NDA" finds "non-disclosure agreement" and vice versa).
 * Both engines read this list: MiniSearch expands the query (minisearch-engine.ts), Meilisearch
 * gets it as index settings (meilisearch-engine.ts). Add a group here, not in an engine.
 *
 * Entries are written as a lawyer would type them; `normalizeSearchText` (below) is applied by
 * both engines, so case, accents and punctuation do not matter ("T&Cs" = "t&cs").
 */
export const LEGAL_SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["NDA", "non-disclosure agreement", "nondisclosure agreement", "confidentiality agreement"],
  ["LoL", "limitation of liability"],
  ["SPA", "share purchase agreement", "stock purchase agreement"],
  ["APA", "asset purchase agreement"],
  ["DPA", "data processing agreement", "data processing addendum"],
  ["MSA", "master services agreement", "master service agreement"],
  ["SOW", "statement of work"],
  ["SLA", "service level agreement"],
  ["IP", "intellectual property"],
  ["IPR", "intellectual property rights"],
  ["T&Cs", "T&C", "terms and conditions"],
  ["GDPR", "general data protection regulation"],
  ["LoI", "letter of intent"],
  ["LoE", "letter of engagement", "engagement letter"],
  ["HoT", "heads of terms", "term sheet"],
  ["JV", "joint venture"],
  ["JVA", "joint venture agreement"],
  ["TSA", "transitional services agreement", "transition services agreement"],
  ["SHA", "shareholders agreement", "shareholders' agreement"],
  ["M&A", "mergers and acquisitions"],
  ["W&I", "warranty and indemnity"],
  ["CP", "condition precedent"],
  ["CPs", "conditions precedent"],
  ["MAC", "material adverse change"],
  ["MAE", "material adverse effect"],
  ["DD", "due diligence"],
  ["KYC", "know your customer"],
  ["AML", "anti-money laundering", "anti money laundering"],
  ["ABC", "anti-bribery and corruption"],
  ["EULA", "end user licence agreement", "end user license agreement"],
  ["SaaS", "software as a service"],
  ["DPIA", "data protection impact assessment"],
  ["SCCs", "standard contractual clauses"],
  ["ROFR", "right of first refusal"],
  ["RoFO", "right of first offer"],
  ["IPO", "initial public offering"],
  ["FM", "force majeure"],
  ["GC", "general counsel"],
  ["ToS", "terms of service"],
  ["AUP", "acceptable use policy"],
  ["LLP", "limited liability partnership"],
  ["LLC", "limited liability company"],
];

/**
 * One normal form for indexing, queries and phrase checks: lower case, accents stripped, curly
 * quotes and dashes folded. Words are then cut by `tokenizeSearchText`, which keeps "&" and an
 * apostrophe inside a word ("t&cs", "shareholders'" → "shareholders").
 */
export function normalizeSearchText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u2032]/g, "'")
    .replace(/[\u2010-\u2015]/g, "-");
}

const TOKEN_RE = /[\p{L}\p{N}]+(?:[&'][\p{L}\p{N}]+)*/gu;

/** Words of a text in normal form, in order ("Non-disclosure T&Cs" → ["non", "disclosure", "t&cs"]). */
export function tokenizeSearchText(text: string): string[] {
  return normalizeSearchText(text).match(TOKEN_RE) ?? [];
}

export type TokenSpan = { term: string; start: number; end: number };

const SPAN_RE = /[\p{L}\p{N}\p{M}]+(?:[&'\u2019][\p{L}\p{N}\p{M}]+)*/gu;
/** SPAN_RE restricted to ASCII, where it matches exactly the same words. */
const ASCII_SPAN_RE = /[A-Za-z0-9]+(?:[&'][A-Za-z0-9]+)*/g;

/** Words with their character ranges in the ORIGINAL text, one at a time (a caller may stop early). */
export function* iterateTokenSpans(text: string): Generator<TokenSpan> {
  // NFKD may change lengths, so match on the original and normalise each word on its own.
  // ASCII text (the common case) has nothing to fold but case, and a plain character class
  // matches it several times faster than Unicode property escapes.
  const ascii = /^[\x00-\x7f]*$/.test(text);
  for (const m of text.matchAll(ascii ? ASCII_SPAN_RE : SPAN_RE)) {
    const term = ascii ? m[0].toLowerCase() : tokenizeSearchText(m[0]).join(" ");
    if (term) yield { term, start: m.index, end: m.index + m[0].length };
  }
}

/** Words with their character ranges in the ORIGINAL text (for highlighting). */
export function tokenSpans(text: string): TokenSpan[] {
  return [...iterateTokenSpans(text)];
}

/** The groups as token sequences, e.g. [["nda"], ["non", "disclosure", "agreement"], …]. */
export function synonymGroupsAsTokens(groups: readonly (readonly string[])[] = LEGAL_SYNONYM_GROUPS): string[][][] {
  return groups.map((g) => g.map((s) => tokenizeSearchText(s)).filter((t) => t.length > 0));
}

/**
 * Meilisearch's `synonyms` setting: every member maps to all the others (multi-way), in normal
 * form. Keys and values are plain lower-case words separated by single spaces.
 */
export function meilisearchSynonyms(groups: readonly (readonly string[])[] = LEGAL_SYNONYM_GROUPS): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of synonymGroupsAsTokens(groups)) {
    const forms = [...new Set(group.map((t) => t.join(" ")))];
    for (const form of forms) {
      const others = forms.filter((f) => f !== form);
      out[form] = [...new Set([...(out[form] ?? []), ...others])];
    }
  }
  return out;
}

/**
 * Splits query words into clauses, replacing each run of words that spells a synonym group member
 * (longest first) with all the group's forms. A plain word becomes a one-alternative clause.
 * "nda governing law" → [[["nda"], ["non","disclosure","agreement"], …], [["governing"]], [["law"]]]
 */
export function expandSynonyms(terms: string[], groups: string[][][] = DEFAULT_GROUP_TOKENS): string[][][] {
  const clauses: string[][][] = [];
  let i = 0;
  while (i < terms.length) {
    let best: { length: number; group: string[][] } | null = null;
    for (const group of groups) {
      for (const form of group) {
        if (form.length === 0 || i + form.length > terms.length) continue;
        if (best && form.length <= best.length) continue;
        if (form.every((t, k) => t === terms[i + k])) best = { length: form.length, group };
      }
    }
    if (best) {
      const forms = new Map<string, string[]>();
      for (const f of best.group) forms.set(f.join(" "), f);
      clauses.push([...forms.values()]);
      i += best.length;
    } else {
      clauses.push([[terms[i]!]]);
      i += 1;
    }
  }
  return clauses;
}

const DEFAULT_GROUP_TOKENS = synonymGroupsAsTokens();
