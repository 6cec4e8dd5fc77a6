/**
 * A seeded, reproducible legal library for bench:search: documents whose bodies are their
 * clauses, one record per clause, and the queries lawyers type against it.
 *
 * Realistic in the ways that decide search cost: words follow a Zipf distribution (a few
 * function and legal words are in nearly every document, most are rare), clause names repeat
 * across the library as standard clause names do, and each document's title carries a matter
 * code name ("Project Kalomer…") so recall can be measured against a known answer.
 */
import type { SearchQuery, SearchRecord } from "../server/search/engine.ts";

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUNCTION_WORDS = (
  "the of and to a in or any by be shall such for as this that with is on not which may its under from at all other an " +
  "if no will has have are been it each party including without within where than upon into whether only more those"
).split(" ");

/** Legal vocabulary, roughly most common first: rank decides frequency (Zipf). */
const LEGAL_WORDS = (
  "agreement supplier customer services obligations liability information confidential notice term rights law " +
  "reasonable written data breach termination losses payment fees period consent claims third time material personal " +
  "damages indemnity warranty applicable processing terminate charges obligation costs deliverables provisions parties " +
  "intellectual property processor controller security remedy limitation cap exclusion consequential indirect direct " +
  "disclosure protection licence license assignment subcontracting audit records compliance governing jurisdiction " +
  "dispute arbitration mediation court force majeure event delay invoice interest taxes price acceptance testing " +
  "milestone schedule change control variation renewal expiry exit transition employees transfer insurance policy " +
  "cover conduct defence settlement endeavours efforts adverse representation completion conditions precedent shares " +
  "purchase consideration escrow retention deferred buyer seller target company group subsidiary shareholder director " +
  "board resolution meeting quorum voting majority approval waiver severance entire counterpart amendment electronic " +
  "signature execution deed agent authority power attorney guarantee guarantor charge mortgage lender borrower facility " +
  "loan repayment prepayment covenant default acceleration set-off netting collateral margin indemnification warranties " +
  "remedies negligence fraud wilful misconduct gross aggregate annual fee reimbursement expenses benchmarking service " +
  "levels credits availability uptime maintenance support incident escalation response resolution severity backup " +
  "recovery continuity disaster encryption pseudonymisation anonymisation retention deletion erasure rectification " +
  "portability objection restriction transfers adequacy standard contractual clauses safeguards supervisory authority " +
  "notification subprocessor instructions documented records inspection certification penetration vulnerability " +
  "patch hosting cloud tenant migration source code escrow open software hardware equipment premises access " +
  "personnel vetting background checks key replacement non-solicitation non-compete restrictive covenants goodwill " +
  "trade secrets know-how improvements background foreground ownership moral registration infringement " +
  "indemnified indemnifying notice conduct mitigation contribution apportionment proportionate joint several " +
  "insolvency administration liquidation receivership winding creditors arrangement moratorium change-of-control " +
  "anti-bribery sanctions export modern slavery whistleblowing equality diversity environmental sustainability " +
  "reporting metrics dashboard governance steering committee relationship manager review quarterly annual " +
  "benchmark continuous improvement innovation gain-share pricing rate card time materials fixed capped estimate " +
  "budget overrun variation request approval authorised signatory counterparts notices addresses email courier " +
  "deemed receipt business day working hours holiday interpretation headings schedules annexes precedence conflict " +
  "inconsistency survival rights remedies cumulative severability entire agreement no partnership third-party " +
  "assignment novation subcontract flow-down back-to-back step-in rights remediation plan rectification notice"
).split(/\s+/);

const CLAUSE_NAMES = [
  "Limitation of liability", "Exclusion of indirect loss", "Liability cap", "Indemnities", "IP indemnity",
  "Confidentiality", "Permitted disclosures", "Data protection", "International transfers", "Security incidents",
  "Governing law", "Jurisdiction", "Dispute resolution", "Escalation", "Force majeure", "Termination for convenience",
  "Termination for breach", "Consequences of termination", "Exit management", "Payment terms", "Late payment interest",
  "Price review", "Service levels", "Service credits", "Acceptance", "Warranties", "Intellectual property ownership",
  "Licence grant", "Assignment and subcontracting", "Change control", "Audit rights", "Insurance", "Non-solicitation",
  "Anti-bribery", "Modern slavery", "Notices", "Entire agreement", "Variation", "Waiver", "Severance",
  "Conditions precedent", "Completion", "Purchase price adjustment", "Earn-out", "Restrictive covenants",
  "Title guarantee", "Representations", "Disclosure", "Escrow", "Retention", "Business continuity", "Step-in rights",
];

const DOCUMENT_TYPES = [
  "non-disclosure agreement", "NDA", "limitation of liability", "share purchase agreement", "SPA",
  "master services agreement", "MSA", "data processing agreement", "DPA", "statement of work", "joint venture",
  "letter of intent", "SaaS subscription", "outsourcing agreement", "licence agreement", "supply agreement",
];
const TITLE_FORMS = ["playbook", "negotiation guide", "template", "precedent", "checklist", "toolkit", "review note"];

const KINDS: SearchRecord["kind"][] = ["PLAYBOOK", "TOOLKIT", "TEMPLATE", "PRECEDENT"];
const STATUSES: SearchRecord["status"][] = ["PUBLISHED", "PUBLISHED", "PUBLISHED", "IN_REVIEW", "DRAFT", "ARCHIVED"];
const AREAS = ["Commercial", "Corporate", "Employment", "Finance", "Data Protection", "Disputes", "Real Estate", "IP"];
const JURISDICTIONS = ["England and Wales", "Scotland", "Ireland", "Germany", "France", "Netherlands", "New York", "Singapore"];
const TAGS = ["nda", "saas", "outsourcing", "m&a", "banking", "gdpr", "employment", "supply", "licensing", "jv"];
const CLIENTS = Array.from({ length: 20 }, (_, i) => `client_${i}`);
const SYLLABLES = ["ka", "lo", "mer", "vin", "tas", "qua", "zel", "dor", "pim", "rus", "ven", "tor", "bal", "sik", "nov", "xer"];
const ABBREVIATIONS = ["NDA", "LoL", "SPA", "MSA", "DPA", "SOW", "JV", "LoI"];

export type BenchQuery = { query: SearchQuery; kind: string; target?: string };
export type Corpus = { records: SearchRecord[]; codeNames: string[]; queries: BenchQuery[]; documents: number; clauses: number };

export function buildCorpus(options: { documents: number; clausesPerDocument: number; queries: number; seed: number }): Corpus {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

  /** Zipf over ranks (s = 1): cumulative weights, sampled by binary search. */
  const zipf = <T>(list: readonly T[]) => {
    const cumulative: number[] = [];
    let total = 0;
    list.forEach((_, r) => cumulative.push((total += 1 / (r + 1))));
    return () => {
      const x = random() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      return list[lo]!;
    };
  };
  const functionWord = zipf(FUNCTION_WORDS);
  const legalWord = zipf(LEGAL_WORDS);
  // About half of running legal text is function words.
  const sentence = (n: number) => Array.from({ length: n }, () => (random() < 0.45 ? functionWord() : legalWord())).join(" ");
  const paragraph = (words: number) => {
    const out: string[] = [];
    for (let left = words; left > 0; ) {
      const n = Math.min(left, int(12, 24));
      const s = sentence(n);
      out.push(s.charAt(0).toUpperCase() + s.slice(1) + ".");
      left -= n;
    }
    return out.join(" ");
  };
  const codeName = () => Array.from({ length: int(3, 4) }, () => pick(SYLLABLES)).join("");

  const records: SearchRecord[] = [];
  const codeNames: string[] = [];
  for (let d = 0; d < options.documents; d++) {
    const documentId = `d${d}`;
    const code = `${codeName()}${d.toString(36)}`;
    codeNames.push(code);
    const title = `Project ${code} ${pick(DOCUMENT_TYPES)} ${pick(TITLE_FORMS)}`;
    const shared = random() < 0.4;
    const base = {
      documentId,
      documentTitle: title,
      kind: pick(KINDS),
      practiceArea: pick(AREAS),
      jurisdictions: [pick(JURISDICTIONS), ...(random() < 0.3 ? [pick(JURISDICTIONS)] : [])],
      tags: [pick(TAGS), pick(TAGS)],
      status: pick(STATUSES),
      ownerId: null,
      organizationId: "provider",
      visibility: shared ? ("SHARED" as const) : ("INTERNAL" as const),
      sharedWithOrganizationIds: shared ? [pick(CLIENTS), pick(CLIENTS)] : [],
      clientOrganizationId: null,
      confidentiality: "HOUSE" as const,
      hasPublishedVersion: true,
      updatedAt: 1_700_000_000_000 + d,
    };
    const clauses: SearchRecord[] = [];
    const headings: string[] = [];
    for (let c = 0; c < options.clausesPerDocument; c++) {
      const clauseName = pick(CLAUSE_NAMES);
      headings.push(clauseName);
      const positions: SearchRecord["clausePositions"] = [
        { role: "preferred", index: 0, text: paragraph(int(25, 50)) },
        { role: "fallback", index: 1, text: paragraph(int(15, 30)) },
        ...(random() < 0.5 ? [{ role: "fallback" as const, index: 2, text: paragraph(int(15, 30)) }] : []),
        { role: "rationale", index: 0, text: paragraph(int(8, 20)) },
      ];
      clauses.push({
        ...base,
        id: `sec_${documentId}_c${c}`,
        scope: "clauses",
        anchor: `#clause-c${c}`,
        title: clauseName,
        headings: [clauseName],
        body: positions.map((p) => p.text).join("\n"),
        clauseName,
        clausePositions: positions,
      });
    }
    records.push({
      ...base,
      id: `doc_${documentId}`,
      scope: "documents",
      anchor: null,
      title,
      headings,
      body: [paragraph(int(30, 60)), ...clauses.map((c) => c.body)].join("\n"),
      clauseName: null,
      clausePositions: [],
    }, ...clauses);
  }

  // Queries: what lawyers type. Topical words from the top of the legal vocabulary, misspelt and
  // half-typed code names with a known answer, quoted clause names, abbreviations, filters.
  const topical = LEGAL_WORDS.slice(0, 200);
  const typo = (word: string) => {
    const i = int(1, word.length - 2);
    return word.slice(0, i) + word.slice(i + 1);
  };
  const provider: SearchQuery["audience"] = { staffOrganizationIds: ["provider"], clientIds: [], memberOfClientIds: [] };
  const q = (text: string, over: Partial<SearchQuery> = {}): SearchQuery => ({
    q: text,
    scope: "documents",
    audience: provider,
    filters: {},
    page: 1,
    limit: 10,
    facets: ["kind", "practiceArea", "jurisdictions", "tags", "status"],
    ...over,
  });
  const queries: BenchQuery[] = [];
  for (let i = 0; i < options.queries; i++) {
    const d = int(0, options.documents - 1);
    const code = codeNames[d]!;
    const target = `doc_d${d}`;
    const longWord = () => pick(topical.filter((w) => w.length >= 8));
    switch (i % 10) {
      case 0: queries.push({ kind: "word", query: q(pick(topical)) }); break;
      case 1: queries.push({ kind: "two words", query: q(`${pick(topical)} ${pick(topical)}`) }); break;
      case 2: queries.push({ kind: "typo (known answer)", query: q(typo(code)), target }); break;
      case 3: queries.push({ kind: "prefix (known answer)", query: q(code.slice(0, Math.max(5, code.length - 3))), target }); break;
      case 4: queries.push({ kind: "phrase", query: q(`"${pick(CLAUSE_NAMES).toLowerCase()}"`) }); break;
      case 5: queries.push({ kind: "abbreviation", query: q(pick(ABBREVIATIONS)) }); break;
      case 6: queries.push({ kind: "filtered", query: q(pick(topical), { filters: { kind: [pick(KINDS)], jurisdiction: [pick(JURISDICTIONS)] } }) }); break;
      case 7: queries.push({ kind: "client audience", query: q(pick(topical), { audience: { staffOrganizationIds: [], clientIds: [], memberOfClientIds: [pick(CLIENTS)] } }) }); break;
      case 8: queries.push({ kind: "clauses, typo", query: q(`${pick(topical)} ${typo(longWord())}`, { scope: "clauses" }) }); break;
      default: {
        const prefix = longWord();
        queries.push({ kind: "clauses, as you type", query: q(`${code} ${prefix.slice(0, int(3, 6))}`, { scope: "clauses" }) });
      }
    }
  }
  // Questions in plain words (issue 18): five topical words among function words, so partial
  // matching runs; drawn after the others, so their draws stay as they were.
  for (let i = 0; i < Math.floor(options.queries / 10); i++) {
    const words = Array.from({ length: 5 }, () => pick(topical));
    queries.push({ kind: "question (partial)", query: q(`what ${words[0]} the ${words[1]} ${words[2]} of ${words[3]} and ${words[4]}`) });
  }
  return {
    records,
    codeNames,
    queries,
    documents: options.documents,
    clauses: records.length - options.documents,
  };
}
