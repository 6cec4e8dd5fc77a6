/**
 * The shape of one judged query (judgements.ts) and the bench corpus it may search (ADR 038).
 */
import type { SearchRequest } from "../../server/search/schema.ts";

export const QUERY_KINDS = [
  "exact", "typo", "prefix", "abbreviation", "word form", "spelling variant", "natural question", "filters", "clauses", "nothing",
] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export type Judgement = {
  /** Stable, short, unique: failures are reported by it. */
  id: string;
  kind: QueryKind;
  q: string;
  /** The API's default is "documents". */
  scope?: SearchRequest["scope"];
  /** As /api/v1/search takes them. */
  filters?: Partial<Pick<SearchRequest, "kind" | "status" | "jurisdiction" | "practiceArea" | "tag">>;
  /**
   * Expected results: a starter-library slug (playbooks/<slug>.md), `slug#anchor` for a clause
   * (`clause-<id>`) or a heading's section, and `bench:d<N>` (`bench:d<N>#clause-c<M>`) for the
   * bench corpus. "highly": the answer a lawyer means, must be in the top 3; "relevant": also
   * right, credited by MRR and nDCG.
   */
  expect?: { highly?: string[]; relevant?: string[] };
  /** Passes only when nothing comes back. */
  mustBeEmpty?: true;
  note?: string;
};

/** The bench corpus the judgements over `bench:` ids were written against (bench/search-corpus.ts). */
export const EVAL_BENCH_CORPUS = { documents: 200, clausesPerDocument: 4, queries: 0, seed: 18 } as const;
