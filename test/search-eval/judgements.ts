/**
 * The judged relevance set `npm run eval:search` runs (ADR 038). Written BEFORE any tuning of
 * ranking, analysis or synonyms, from what a lawyer means by each query and from the documents'
 * real content (playbooks/*.md, positions v2), not from what either engine returned: a failing
 * query here is a finding about search, not a judgement to fix.
 *
 * Each entry (type Judgement, judgement.ts): `id`, `kind`, the query `q`, its `scope` (default
 * Documents), `filters` as /api/v1/search takes them, and `expect`: "highly" relevant ids (the
 * answer meant: all in the top 3 to pass) and "relevant" ids (also right; where there is no
 * "highly" id, all must be in the top 10). `mustBeEmpty`: the right answer is no result.
 *
 * Ids: a starter-library slug; `slug#clause-<id>` for a clause position (its :::clause id);
 * `slug#<heading-anchor>` for a heading's section; `bench:d<N>` and `bench:d<N>#clause-c<M>` for
 * the bench corpus built with EVAL_BENCH_CORPUS (bench/search-corpus.ts): their known answers are
 * the matter code names in the titles, the clause names in the headings, and each record's
 * kind, status and jurisdictions (d12 and d31 are ARCHIVED, d3 IN_REVIEW; d0, d2, d5 … PUBLISHED).
 */
import type { Judgement } from "./judgement.ts";

// Starter-library slugs.
const CC = "confidentiality-clause";
const DPC = "data-protection-clause";
const MEMO = "deliverable-cover-memo";
const DPA = "dpa-review-uk-eu-gdpr";
const EL = "engagement-letter-fixed-fee";
const LOL = "limitation-of-liability-clause";
const MNDA = "mutual-nda-template";
const EW = "nda-negotiation-england-wales";
const NY = "nda-negotiation-new-york";
const NT = "nda-toolkit";
const SAAS = "saas-msa-customer-review";
const ST = "saas-procurement-toolkit";
const clause = (slug: string, id: string) => `${slug}#clause-${id}`;

export const JUDGEMENTS: Judgement[] = [
  // Exact: the words as the documents use them.
  { id: "exact-lol", kind: "exact", q: "limitation of liability", expect: { highly: [LOL, SAAS], relevant: [ST, EL] }, note: "issue 18: the SaaS review's clause is named so and must count in Documents" },
  { id: "exact-residuals", kind: "exact", q: "residuals", expect: { highly: [EW, NY], relevant: [NT] } },
  { id: "exact-regfd", kind: "exact", q: "Regulation FD", expect: { highly: [NY], relevant: [NT] } },
  { id: "exact-subprocessors", kind: "exact", q: "sub-processors", expect: { highly: [DPA], relevant: [DPC, ST] } },
  { id: "exact-service-credits", kind: "exact", q: "service credits", expect: { highly: [SAAS], relevant: [ST] } },
  { id: "exact-engagement-letter", kind: "exact", q: "engagement letter", expect: { highly: [EL] } },
  { id: "exact-cover-memo", kind: "exact", q: "deliverable cover memo", expect: { highly: [MEMO], relevant: [NT] } },
  { id: "exact-mutual-nda", kind: "exact", q: "mutual non-disclosure agreement", expect: { highly: [MNDA], relevant: [EW, NT] } },
  { id: "exact-super-cap-phrase", kind: "exact", q: '"data super-cap"', expect: { highly: [LOL, SAAS], relevant: [DPA, ST, DPC] } },
  { id: "exact-whistleblowing", kind: "exact", q: "whistleblowing", expect: { highly: [EW], relevant: [CC, NY, NT] } },
  { id: "exact-wasted-expenditure", kind: "exact", q: "wasted expenditure", expect: { highly: [SAAS, LOL] } },
  { id: "exact-jury-waiver", kind: "exact", q: "jury waiver", expect: { highly: [NY] } },
  { id: "exact-bench-code", kind: "exact", q: "torlolou", expect: { highly: ["bench:d30"] } },

  // Typo: one slip in a word that is there.
  { id: "typo-residuals", kind: "typo", q: "residauls", expect: { highly: [EW, NY] } },
  { id: "typo-confidentiality", kind: "typo", q: "confidentiallity clause", expect: { highly: [CC] } },
  { id: "typo-indemnity", kind: "typo", q: "indemnety", expect: { highly: [SAAS], relevant: [EW, LOL] } },
  { id: "typo-engagement", kind: "typo", q: "enagement letter", expect: { highly: [EL] } },
  { id: "typo-subprocessors", kind: "typo", q: "sub-procesors", expect: { highly: [DPA] } },
  { id: "typo-whistleblowing", kind: "typo", q: "whisleblowing", expect: { highly: [EW] } },
  { id: "typo-lol", kind: "typo", q: "limitaton of liabilty", expect: { highly: [LOL, SAAS] } },
  { id: "typo-procurement", kind: "typo", q: "procurment toolkit", expect: { highly: [ST] } },
  { id: "typo-bench-d2", kind: "typo", q: "venmrpim2", expect: { highly: ["bench:d2"] } },
  { id: "typo-bench-d5", kind: "typo", q: "pimtorlpim5", expect: { highly: ["bench:d5"] } },
  { id: "typo-bench-d14", kind: "typo", q: "sikrusike", expect: { highly: ["bench:d14"] } },

  // Prefix: a word half typed, as in the command palette.
  { id: "prefix-residu", kind: "prefix", q: "residu", expect: { highly: [EW, NY] } },
  { id: "prefix-indemn", kind: "prefix", q: "indemn", expect: { highly: [SAAS], relevant: [EW, LOL] } },
  { id: "prefix-whistleb", kind: "prefix", q: "whistleb", expect: { highly: [EW, NY] } },
  { id: "prefix-engagem", kind: "prefix", q: "engagem", expect: { highly: [EL] } },
  { id: "prefix-procure", kind: "prefix", q: "procure", expect: { highly: [ST] } },
  { id: "prefix-super-ca", kind: "prefix", q: "super-ca", expect: { highly: [LOL, SAAS] } },
  { id: "prefix-bench-d2", kind: "prefix", q: "venmerpi", expect: { relevant: ["bench:d2"] } },
  { id: "prefix-bench-d23", kind: "prefix", q: "lotastast", expect: { highly: ["bench:d23"] } },
  { id: "prefix-bench-d33", kind: "prefix", q: "torbalquap", expect: { highly: ["bench:d33"] } },

  // Abbreviation: what legal operations and managed services write, both ways.
  { id: "abbr-nda", kind: "abbreviation", q: "NDA", expect: { highly: [EW, NY], relevant: [MNDA, NT] } },
  { id: "abbr-dpa", kind: "abbreviation", q: "DPA", expect: { highly: [DPA], relevant: [DPC] } },
  { id: "abbr-sla", kind: "abbreviation", q: "SLA", expect: { highly: [SAAS], relevant: [EL, ST] } },
  { id: "abbr-kpi", kind: "abbreviation", q: "KPIs", expect: { relevant: [EL, ST] }, note: "the engagement letter's service levels and reporting; the toolkit's metrics for the client" },
  { id: "abbr-lol", kind: "abbreviation", q: "LoL", expect: { highly: [LOL], relevant: [SAAS] } },
  { id: "abbr-msa", kind: "abbreviation", q: "MSA", expect: { highly: [SAAS], relevant: [ST] } },
  { id: "abbr-gdpr", kind: "abbreviation", q: "GDPR", expect: { highly: [DPA, DPC] } },
  { id: "abbr-sccs", kind: "abbreviation", q: "SCCs", expect: { highly: [DPA] }, note: "standard contractual clauses" },
  { id: "abbr-ip-indemnity", kind: "abbreviation", q: "IP indemnity", expect: { highly: [SAAS], relevant: [ST] } },
  { id: "abbr-ny-nda", kind: "abbreviation", q: "NY NDA", expect: { highly: [NY], relevant: [NT] } },
  { id: "abbr-bench-sow", kind: "abbreviation", q: "pimxerven8 SOW", expect: { highly: ["bench:d8"] }, note: "its title says statement of work" },
  { id: "abbr-bench-msa", kind: "abbreviation", q: "torbalquapimx MSA", expect: { highly: ["bench:d33"] }, note: "its title says master services agreement" },
  { id: "abbr-bench-dpa-long", kind: "abbreviation", q: "novvenlorus1 data processing agreement", expect: { highly: ["bench:d1"] }, note: "its title says DPA" },
  { id: "abbr-bench-loi", kind: "abbreviation", q: "dorsikbalr LoI", expect: { highly: ["bench:d27"] }, note: "its title says letter of intent" },
  { id: "abbr-bench-jv", kind: "abbreviation", q: "sikrussike JV", expect: { highly: ["bench:d14"] }, note: "its title says joint venture" },

  // Word form: another form of a word the documents use.
  { id: "form-terminate", kind: "word form", q: "terminate", expect: { highly: [SAAS], relevant: [DPA, CC] } },
  { id: "form-indemnify", kind: "word form", q: "indemnify", expect: { highly: [SAAS], relevant: [EW, LOL] } },
  { id: "form-indemnification", kind: "word form", q: "indemnification", expect: { highly: [SAAS], relevant: [EW, LOL] } },
  { id: "form-suspended", kind: "word form", q: "suspended service", expect: { highly: [SAAS] } },
  { id: "form-notifying", kind: "word form", q: "notifying a breach", expect: { highly: [DPA, DPC], relevant: [SAAS] } },
  { id: "form-destroying", kind: "word form", q: "destroying confidential information", expect: { highly: [EW], relevant: [MNDA, CC] } },
  { id: "form-renewing", kind: "word form", q: "renewing the subscription", expect: { highly: [SAAS], relevant: [ST] } },
  { id: "form-deleted", kind: "word form", q: "deleted personal data", expect: { highly: [DPA], relevant: [DPC, SAAS] } },
  { id: "form-injunctions", kind: "word form", q: "injunctions", expect: { highly: [EW, NY] } },
  { id: "form-solicit", kind: "word form", q: "solicit employees", expect: { highly: [NY], relevant: [EW, MNDA, NT] } },
  { id: "form-audits", kind: "word form", q: "audits", expect: { highly: [DPA], relevant: [DPC] } },

  // Spelling variant: UK/US pairs and hyphenation, both ways.
  { id: "spell-license", kind: "spelling variant", q: "license", expect: { relevant: [EW, NY, MNDA] }, note: "UK texts say licence" },
  { id: "spell-licence", kind: "spelling variant", q: "licence", expect: { relevant: [EW, NY, MNDA, SAAS] }, note: "the New York playbook and the SaaS review also say license" },
  { id: "spell-organization", kind: "spelling variant", q: "organization", expect: { relevant: [DPC, EW, NY] } },
  { id: "spell-organisation", kind: "spelling variant", q: "organisation", expect: { relevant: [DPC, EW, NY] } },
  { id: "spell-judgment", kind: "spelling variant", q: "judgment", expect: { relevant: [SAAS] }, note: "the text says judgement" },
  { id: "spell-authorization", kind: "spelling variant", q: "authorization of sub-processors", expect: { highly: [DPA], relevant: [DPC] } },
  { id: "spell-anonymized", kind: "spelling variant", q: "anonymized data", expect: { highly: [SAAS] } },
  { id: "spell-summarized", kind: "spelling variant", q: "summarized in writing", expect: { highly: [EW] } },
  { id: "spell-defense", kind: "spelling variant", q: "defense", expect: { relevant: [LOL, EW] } },
  { id: "spell-subprocessor", kind: "spelling variant", q: "subprocessor", expect: { highly: [DPA], relevant: [DPC] } },
  { id: "spell-super-cap", kind: "spelling variant", q: "super cap", expect: { highly: [LOL, SAAS] } },

  // Natural question: plain words, not all of them in the best document.
  { id: "ask-nda-duration", kind: "natural question", q: "how long should confidentiality obligations last under an NDA", expect: { highly: [EW], relevant: [NY, CC, MNDA] } },
  { id: "ask-ai-training", kind: "natural question", q: "can the supplier use our data to train AI models", expect: { highly: [SAAS], relevant: [ST] } },
  { id: "ask-data-at-end", kind: "natural question", q: "what happens to personal data when the contract ends", expect: { highly: [DPA], relevant: [SAAS, DPC] } },
  { id: "ask-breach-speed", kind: "natural question", q: "how quickly must a processor report a data breach", expect: { highly: [DPA], relevant: [DPC, SAAS] } },
  { id: "ask-who-approves", kind: "natural question", q: "who approves a fallback position", expect: { highly: [NT, ST] } },
  { id: "ask-intake", kind: "natural question", q: "what should an NDA intake checklist include", expect: { highly: [NT] } },
  { id: "ask-advisers", kind: "natural question", q: "may we share confidential information with our professional advisers", expect: { highly: [EW], relevant: [MNDA, CC, NY] } },
  { id: "ask-sole-remedy", kind: "natural question", q: "are service credits the customer's only remedy for downtime", expect: { highly: [SAAS] } },
  { id: "ask-cap-per-year", kind: "natural question", q: "should the liability cap be measured per contract year", expect: { highly: [LOL, SAAS] } },
  { id: "ask-fee-models", kind: "natural question", q: "which fee models can an engagement letter use", expect: { highly: [EL] } },
  { id: "ask-client-decisions", kind: "natural question", q: "what decisions does the client need to take after a deliverable", expect: { highly: [MEMO] } },
  { id: "ask-backups", kind: "natural question", q: "can the recipient keep back-up copies after returning information", expect: { highly: [EW], relevant: [MNDA, CC] } },
  { id: "ask-ny-whistleblower", kind: "natural question", q: "do we need a whistleblower carve-out in a New York NDA", expect: { highly: [NY] } },

  // Filters: the words narrowed by kind, status, jurisdiction, practice area or tag.
  { id: "filter-template-confidentiality", kind: "filters", q: "confidentiality", filters: { kind: ["TEMPLATE"] }, expect: { highly: [MNDA] } },
  { id: "filter-precedent-liability", kind: "filters", q: "limitation of liability", filters: { kind: ["PRECEDENT"] }, expect: { highly: [LOL] } },
  { id: "filter-ny-nda", kind: "filters", q: "NDA", filters: { jurisdiction: ["New York"] }, expect: { highly: [NY], relevant: [NT, "bench:d5"] } },
  { id: "filter-ew-nda", kind: "filters", q: "NDA", filters: { jurisdiction: ["England and Wales"] }, expect: { highly: [EW], relevant: [MNDA, NT, "bench:d30"] } },
  { id: "filter-practice-dp", kind: "filters", q: "processor", filters: { practiceArea: ["Data protection"] }, expect: { highly: [DPA, DPC] } },
  { id: "filter-toolkits", kind: "filters", q: "review checklist", filters: { kind: ["TOOLKIT"] }, expect: { highly: [NT, ST] } },
  { id: "filter-tag-gdpr", kind: "filters", q: "playbook", filters: { tag: ["gdpr"] }, expect: { highly: [DPA] } },
  { id: "filter-archived", kind: "filters", q: "quasikvenvinc", filters: { status: ["ARCHIVED"] }, expect: { highly: ["bench:d12"] }, note: "archived material comes back when asked for by status" },
  { id: "filter-in-review", kind: "filters", q: "merrusrusvin3", filters: { status: ["IN_REVIEW"] }, expect: { highly: ["bench:d3"] } },
  { id: "filter-bench-kind", kind: "filters", q: "ruspimvin0", filters: { kind: ["PLAYBOOK"] }, expect: { highly: ["bench:d0"] } },
  { id: "filter-practice-fees", kind: "filters", q: "fees", filters: { practiceArea: ["Practice management"] }, expect: { highly: [EL] } },

  // Clauses and sections scope: the clause position or section meant.
  { id: "clause-residuals", kind: "clauses", q: "residuals", scope: "clauses", expect: { highly: [clause(EW, "nda-ew-recipient-residuals"), clause(NY, "nda-ny-recipient-residuals")], relevant: [clause(NY, "nda-ny-discloser-residuals")] } },
  { id: "clause-subprocessors", kind: "clauses", q: "sub-processors", scope: "clauses", expect: { highly: [clause(DPA, "dpa-subprocessors"), clause(DPA, "dpa-processor-subprocessors")] } },
  { id: "clause-jury", kind: "clauses", q: "jury waiver", scope: "clauses", expect: { highly: [clause(NY, "nda-ny-discloser-forum"), clause(NY, "nda-ny-recipient-forum")] } },
  { id: "clause-lol", kind: "clauses", q: "limitation of liability", scope: "clauses", expect: { highly: [clause(SAAS, "saas-liability"), clause(SAAS, "saas-supplier-liability")], relevant: [clause(LOL, "lol-structure")] } },
  { id: "clause-breach-24h", kind: "clauses", q: "breach notification 24 hours", scope: "clauses", expect: { highly: [clause(DPA, "dpa-breach")], relevant: [clause(DPC, "dp-clause-notice"), clause(SAAS, "saas-security"), clause(DPA, "dpa-processor-breach")] } },
  { id: "clause-ai-training", kind: "clauses", q: "AI training on customer data", scope: "clauses", expect: { highly: [clause(SAAS, "saas-data-use")], relevant: [clause(SAAS, "saas-supplier-data-use")] } },
  { id: "clause-survival", kind: "clauses", q: "survival period", scope: "clauses", expect: { highly: [clause(CC, "conf-clause-survival")] } },
  { id: "clause-publicity", kind: "clauses", q: "publicity", scope: "clauses", expect: { highly: [clause(CC, "conf-clause-publicity")] } },
  { id: "clause-regfd", kind: "clauses", q: "Regulation FD", scope: "clauses", expect: { highly: [clause(NY, "nda-ny-discloser-regfd")] } },
  { id: "clause-service-credits", kind: "clauses", q: "service credits", scope: "clauses", expect: { highly: [clause(SAAS, "saas-sla"), clause(SAAS, "saas-supplier-sla")] } },
  { id: "clause-return", kind: "clauses", q: "return and destruction", scope: "clauses", expect: { highly: [clause(EW, "nda-ew-discloser-return"), clause(EW, "nda-ew-recipient-return")] } },
  { id: "clause-intake", kind: "clauses", q: "intake checklist", scope: "clauses", expect: { highly: [`${NT}#intake-checklist`] } },
  { id: "clause-escalation", kind: "clauses", q: "escalation", scope: "clauses", expect: { highly: [`${EW}#escalation`, `${NY}#escalation`] } },
  { id: "clause-nonsolicit", kind: "clauses", q: "non-solicitation of employees", scope: "clauses", expect: { highly: [clause(NY, "nda-ny-recipient-nonsolicit")] } },
  { id: "clause-equitable", kind: "clauses", q: "equitable relief injunction", scope: "clauses", expect: { highly: [clause(NY, "nda-ny-discloser-equitable")], relevant: [clause(EW, "nda-ew-discloser-remedies"), clause(EW, "nda-ew-recipient-remedies")] } },
  { id: "clause-bench-d2", kind: "clauses", q: "venmerpim2 service credits", scope: "clauses", expect: { highly: ["bench:d2#clause-c0"] } },
  { id: "clause-bench-d9", kind: "clauses", q: "pimlorusbal9 liability cap", scope: "clauses", expect: { highly: ["bench:d9#clause-c1"] } },

  // Nothing: no document answers, or none the viewer may see without asking.
  { id: "none-archived-d12", kind: "nothing", q: "quasikvenvinc", mustBeEmpty: true, note: "archived: staff see it only when they filter by status" },
  { id: "none-archived-d31", kind: "nothing", q: "ruskabalvenv", mustBeEmpty: true },
  { id: "none-word", kind: "nothing", q: "xylophone", mustBeEmpty: true },
  { id: "none-two-words", kind: "nothing", q: "quantum blockchain", mustBeEmpty: true },
  { id: "none-gibberish", kind: "nothing", q: "zzqx", mustBeEmpty: true },
  { id: "none-tupe", kind: "nothing", q: "TUPE", mustBeEmpty: true, note: "the library has nothing on transfers of undertakings" },
  { id: "none-filtered-tag", kind: "nothing", q: "residuals", filters: { tag: ["gdpr"] }, mustBeEmpty: true },
  { id: "none-filtered-area", kind: "nothing", q: "Regulation FD", filters: { practiceArea: ["Data protection"] }, mustBeEmpty: true },
  { id: "none-filtered-kind", kind: "nothing", q: "pimtorlopim5", filters: { kind: ["TEMPLATE"] }, mustBeEmpty: true, note: "bench d5 is a playbook" },
  { id: "none-hippo", kind: "nothing", q: "hippopotamus", mustBeEmpty: true },
];
