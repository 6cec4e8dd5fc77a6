/**
 * The synonym list both engines read: one file, edit it here, never in an engine.
 *
 * - LEGAL_SYNONYM_GROUPS: legal and legal-operations / managed-services abbreviations with their
 *   long forms, as multi-way groups: a query for any member also finds every other member ("NDA"
 *   finds "non-disclosure agreement" and the reverse; "SLA" finds "service levels").
 * - SPELLING_PAIRS: UK and US spellings the stemmer does not join, both directions ("licence" finds
 *   "license" and the reverse). Regular -ise/-ize and -isation/-ization pairs need no entry: the
 *   word key (analysis.ts) folds them.
 * - WORD_FAMILIES: forms of one word the English stemmer leaves apart ("indemnify", "indemnity").
 *
 * MiniSearch expands the query (minisearch-engine.ts); Meilisearch gets the groups as index
 * settings, in word keys (meilisearch-engine.ts). Entries are written as a lawyer would type them;
 * case, accents, punctuation and word endings do not matter: members are compared by word key
 * ("SLAs" is "SLA", "T&Cs" is "t&cs"). A hyphenated member is its words in order ("sub-processor").
 */
import { wordKey } from "./analysis.ts";

export const LEGAL_SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["NDA", "non-disclosure agreement", "nondisclosure agreement", "confidentiality agreement"],
  ["LoL", "limitation of liability"],
  ["SPA", "share purchase agreement", "stock purchase agreement"],
  ["APA", "asset purchase agreement"],
  ["DPA", "data processing agreement", "data processing addendum"],
  ["MSA", "master services agreement", "master service agreement"],
  ["SOW", "statement of work"],
  ["SLA", "service level agreement", "service levels", "service level"],
  ["IP", "intellectual property"],
  ["IPR", "intellectual property rights"],
  ["T&Cs", "T&C", "terms and conditions"],
  ["GDPR", "general data protection regulation"],
  ["LoI", "letter of intent"],
  ["LoE", "letter of engagement", "engagement letter"],
  ["HoT", "HoTs", "heads of terms", "term sheet"],
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
  // Legal operations and managed services.
  ["KPI", "key performance indicator"],
  ["RACI", "responsible accountable consulted informed"],
  ["TUPE", "transfer of undertakings"],
  ["SoR", "statement of requirements"],
  ["RFP", "request for proposal"],
  ["RFI", "request for information"],
  ["RFQ", "request for quotation"],
  ["ITT", "invitation to tender"],
  ["PO", "purchase order"],
  ["CR", "change request"],
  ["CCN", "change control note"],
  ["BCP", "business continuity plan"],
  ["DR", "disaster recovery"],
  ["RPO", "recovery point objective"],
  ["RTO", "recovery time objective"],
  ["MSP", "managed service provider"],
  ["ALSP", "alternative legal services provider"],
  ["QBR", "quarterly business review"],
  ["SteerCo", "steering committee"],
  ["PMO", "project management office"],
  ["CLM", "contract lifecycle management"],
  ["NPS", "net promoter score"],
  ["TAT", "turnaround time"],
  ["FTE", "full time equivalent"],
  ["T&M", "time and materials"],
  ["AFA", "alternative fee arrangement"],
  ["DSAR", "data subject access request", "subject access request", "SAR"],
  ["DPO", "data protection officer"],
  ["ICO", "information commissioner's office", "information commissioner"],
  ["IDTA", "international data transfer agreement"],
  ["TIA", "transfer impact assessment"],
  ["ESG", "environmental social and governance"],
  ["NY", "New York"],
  ["E&W", "England and Wales"],
];

/** UK and US spellings, both directions (see the file's header). */
export const SPELLING_PAIRS: readonly (readonly string[])[] = [
  ["licence", "license"],
  ["defence", "defense"],
  ["offence", "offense"],
  ["pretence", "pretense"],
  ["judgement", "judgment"],
  ["acknowledgement", "acknowledgment"],
  ["organisation", "organization"],
  ["programme", "program"],
  ["centre", "center"],
  ["labour", "labor"],
  ["favour", "favor"],
  ["behaviour", "behavior"],
  ["honour", "honor"],
  ["colour", "color"],
  ["fulfil", "fulfill"],
  ["fulfilment", "fulfillment"],
  ["enrolment", "enrollment"],
  ["instalment", "installment"],
  ["catalogue", "catalog"],
  ["cheque", "check"],
  ["cancelled", "canceled"],
  ["travelling", "traveling"],
  ["modelling", "modeling"],
  ["counselling", "counseling"],
  ["ageing", "aging"],
  ["sub-processor", "subprocessor"],
  ["sub-contractor", "subcontractor"],
  ["sub-licence", "sublicense", "sub-license", "sublicence"],
  ["e-mail", "email"],
  ["co-operation", "cooperation"],
  ["back-up", "backup"],
  ["set-off", "setoff"],
  ["carve-out", "carveout"],
  ["super-cap", "supercap"],
];

/** Forms of one word the stemmer leaves apart (see the file's header). */
export const WORD_FAMILIES: readonly (readonly string[])[] = [
  ["indemnity", "indemnify", "indemnification"],
  ["notify", "notification"],
  ["destroy", "destruction"],
  ["suspend", "suspension"],
  ["disclose", "disclosure"],
];

/** Every group both engines expand: the abbreviations, the spelling pairs and the word families. */
export const ALL_SYNONYM_GROUPS: readonly (readonly string[])[] = [...LEGAL_SYNONYM_GROUPS, ...SPELLING_PAIRS, ...WORD_FAMILIES];

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

/**
 * The abbreviations of the list as indexed words ("tupe", "sla", "saas"), and their word keys: a
 * member written with a capital letter and no space. Both engines match them exactly, never
 * through a typo ("TUPE" is not "type"): query.ts (typosAllowed) and Meilisearch's
 * `typoTolerance.disableOnWords`.
 */
export const ABBREVIATION_WORDS: ReadonlySet<string> = new Set(
  LEGAL_SYNONYM_GROUPS.flat()
    .filter((member) => /\p{Lu}/u.test(member) && !/\s/.test(member))
    .flatMap((member) => tokenizeSearchText(member))
    .flatMap((word) => [word, wordKey(word)]),
);

/** The groups as token sequences, e.g. [["nda"], ["non", "disclosure", "agreement"], …]. */
export function synonymGroupsAsTokens(groups: readonly (readonly string[])[] = ALL_SYNONYM_GROUPS): string[][][] {
  return groups.map((g) => g.map((s) => tokenizeSearchText(s)).filter((t) => t.length > 0));
}

/**
 * Meilisearch's `synonyms` setting, in word keys (Meilisearch is asked for keys, analysis.ts): every
 * member maps to all the others (multi-way). Keys and values are words separated by single spaces.
 */
export function meilisearchSynonyms(groups: readonly (readonly string[])[] = ALL_SYNONYM_GROUPS): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of synonymGroupsAsTokens(groups)) {
    const forms = [...new Set(group.map((t) => t.map(wordKey).join(" ")))];
    for (const form of forms) {
      const others = forms.filter((f) => f !== form);
      if (others.length > 0) out[form] = [...new Set([...(out[form] ?? []), ...others])];
    }
  }
  return out;
}

/**
 * Splits query words into clauses, replacing each run of words that spells a synonym group member
 * (compared by word key, longest first) with all the group's forms. A plain word becomes a
 * one-alternative clause. "nda governing law" → [[["nda"], ["non","disclosure","agreement"], …], [["governing"]], [["law"]]]
 */
export function expandSynonyms(terms: string[], groups: string[][][] = DEFAULT_GROUP_TOKENS): string[][][] {
  const keys = terms.map(wordKey);
  const clauses: string[][][] = [];
  let i = 0;
  while (i < terms.length) {
    let best: { length: number; group: string[][] } | null = null;
    for (const group of groups) {
      for (const form of group) {
        if (form.length === 0 || i + form.length > terms.length) continue;
        if (best && form.length <= best.length) continue;
        if (form.every((t, k) => wordKey(t) === keys[i + k])) best = { length: form.length, group };
      }
    }
    if (best) {
      const forms = new Map<string, string[]>();
      // The words as typed come first: the typed form keeps its typo tolerance and prefix.
      const typed = terms.slice(i, i + best.length);
      forms.set(typed.join(" "), typed);
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
