import { z } from "zod";
import { enumFilter, textField } from "../validation.ts";
import { DOCUMENT_KINDS, DOCUMENT_STATUSES } from "../documents/schema.ts";

/** Longest query text accepted. */
export const SEARCH_QUERY_MAX_LENGTH = 200;
export const SEARCH_LIMIT_DEFAULT = 20;
export const SEARCH_LIMIT_MAX = 50;
/** Values per filter (a URL with hundreds of tags is a mistake, not a search). */
export const SEARCH_FILTER_VALUES_MAX = 20;
const SEARCH_FILTER_VALUE_MAX_LENGTH = 100;

/** Absent, one value, a repeated parameter (`?tag=a&tag=b`) or a comma list (`?tag=a,b`): always a list. */
const toList = (v: unknown) => {
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  return items
    .flatMap((item) => (typeof item === "string" ? item.split(",") : [item]))
    .filter((item) => !(typeof item === "string" && item.trim() === ""));
};

function filterOf<T extends z.ZodType<string>>(item: T, what: string) {
  return z.preprocess(
    toList,
    z
      .array(item)
      .max(SEARCH_FILTER_VALUES_MAX, `Use at most ${SEARCH_FILTER_VALUES_MAX} ${what} values.`)
      .transform((values) => [...new Set(values)]),
  ) as unknown as z.ZodType<z.infer<T>[]>;
}

const text = (what: string) =>
  textField({ error: `Each ${what} is text.` }).trim().max(SEARCH_FILTER_VALUE_MAX_LENGTH, `Keep each ${what} to ${SEARCH_FILTER_VALUE_MAX_LENGTH} characters.`);

const single = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v);
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** GET /api/v1/search and the /search page's URL: every value arrives as text. */
export const SearchRequestSchema = z.object({
  q: z.preprocess(
    (v) => single(v) ?? "",
    textField({ error: "The query is text." }).trim().max(SEARCH_QUERY_MAX_LENGTH, `Keep the query to ${SEARCH_QUERY_MAX_LENGTH} characters.`),
  ),
  scope: z.preprocess((v) => blank(single(v)) ?? "documents", enumFilter(z.enum(["documents", "clauses"], { error: "Search documents or clauses." }))),
  kind: filterOf(enumFilter(z.enum(DOCUMENT_KINDS, { error: "Choose a kind: PLAYBOOK, TOOLKIT, TEMPLATE or PRECEDENT." })), "kind"),
  status: filterOf(enumFilter(z.enum(DOCUMENT_STATUSES, { error: "Choose a status: DRAFT, IN_REVIEW, PUBLISHED or ARCHIVED." })), "status"),
  jurisdiction: filterOf(text("jurisdiction"), "jurisdiction"),
  practiceArea: filterOf(text("practice area"), "practice area"),
  tag: filterOf(text("tag"), "tag"),
  page: z.preprocess(
    (v) => blank(single(v)) ?? 1,
    z.coerce.number({ error: "The page is a number." }).int("The page is a whole number.").min(1, "Pages start at 1.").max(1000, "Pages stop at 1000."),
  ),
  limit: z.preprocess(
    (v) => blank(single(v)) ?? SEARCH_LIMIT_DEFAULT,
    z.coerce
      .number({ error: "The limit is a number." })
      .int("The limit is a whole number.")
      .min(1, "Ask for at least 1 result.")
      .max(SEARCH_LIMIT_MAX, `Ask for at most ${SEARCH_LIMIT_MAX} results.`),
  ),
});
export type SearchRequest = z.infer<typeof SearchRequestSchema>;
