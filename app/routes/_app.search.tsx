import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { KIND_LABELS, STATUS_LABELS } from "~/components/documents/labels";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Highlighted } from "~/components/search/highlight";
import { requireViewer } from "~/utils/auth.server";
import searchStylesHref from "~/styles/search.css?url";
import type { PresentedSearchResult } from "../../server/search/presenter.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: searchStylesHref }];

export const meta: MetaFunction = () => [{ title: "Search · Precedent" }];

/** Filters in the URL, each repeatable: the facet they count and how they are labelled. */
const FILTERS = [
  { param: "kind", facet: "kind", legend: "Kind" },
  { param: "status", facet: "status", legend: "Status" },
  { param: "practiceArea", facet: "practiceArea", legend: "Practice area" },
  { param: "jurisdiction", facet: "jurisdictions", legend: "Jurisdiction" },
  { param: "tag", facet: "tags", legend: "Tag" },
] as const;
type FilterParam = (typeof FILTERS)[number]["param"];

const DEBOUNCE_MS = 150;

type SearchState = {
  q: string;
  scope: "documents" | "clauses";
  selected: Record<FilterParam, string[]>;
  result: PresentedSearchResult | null;
  error: string | null;
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const params = new URL(request.url).searchParams;
  const selected = Object.fromEntries(FILTERS.map((f) => [f.param, params.getAll(f.param).filter(Boolean)])) as Record<FilterParam, string[]>;
  const q = params.get("q") ?? "";
  const scope = params.get("scope") === "clauses" ? "clauses" : "documents";
  const base = { q, scope, selected } as const;
  if (!q.trim() && !Object.values(selected).some((v) => v.length)) {
    return json<SearchState>({ ...base, result: null, error: null });
  }
  const query: Record<string, string | string[]> = { q, scope, ...selected };
  const page = params.get("page");
  if (page) query.page = page;
  try {
    const result = await context.services.search.search(viewer, query);
    return json<SearchState>({ ...base, result: context.present.searchResult(result), error: null });
  } catch (error) {
    const e = error as { code?: string; message?: string; details?: { issues?: Array<{ message: string }> } };
    if (e?.code === "invalid_request") {
      const reason = e.details?.issues?.map((i) => i.message).join(" ") || e.message || "The search is not valid.";
      return json<SearchState>({ ...base, result: null, error: reason }, { status: 400 });
    }
    console.error("search failed", error);
    return json<SearchState>({ ...base, result: null, error: "Search is not available right now. Try again in a moment." }, { status: 503 });
  }
}

function paramsOf(form: HTMLFormElement): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) {
    if (typeof value !== "string" || value === "") continue;
    if (key === "scope" && value === "documents") continue;
    params.append(key, value);
  }
  return params;
}

/** The search page's URL for this state, with some parts changed: a did-you-mean or a filter cleared. */
function searchHref(data: SearchState, change: { q?: string; clear?: FilterParam }): string {
  const params = new URLSearchParams();
  const q = change.q ?? data.q;
  if (q) params.set("q", q);
  if (data.scope !== "documents") params.set("scope", data.scope);
  for (const f of FILTERS) if (f.param !== change.clear) for (const v of data.selected[f.param]) params.append(f.param, v);
  return `/search?${params.toString()}`;
}

const FILTER_LEGEND: Record<FilterParam, string> = Object.fromEntries(FILTERS.map((f) => [f.param, f.legend])) as Record<FilterParam, string>;

function facetLabel(param: FilterParam, value: string) {
  if (param === "kind") return KIND_LABELS[value as keyof typeof KIND_LABELS] ?? value;
  if (param === "status") return STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? value;
  return value;
}

export default function SearchPage() {
  const initial = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof loader>();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLOListElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [typed, setTyped] = useState(initial.q);
  // The newest answer: the fetcher's once it has one, the page load's before.
  const data: SearchState = (fetcher.data as SearchState | undefined) ?? initial;
  const busy = fetcher.state !== "idle";

  const run = useCallback(
    (delay: number) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        const form = formRef.current;
        if (!form) return;
        const params = paramsOf(form);
        const search = params.toString();
        // Keep the address in step (shareable, reload-safe) without a navigation per keystroke.
        window.history.replaceState(window.history.state, "", `/search${search ? `?${search}` : ""}`);
        fetcher.load(`/search?${search}`);
      }, delay);
    },
    [fetcher],
  );
  useEffect(() => () => clearTimeout(timer.current), []);

  // A new page load (the shell's search box, back/forward) replaces what was typed.
  useEffect(() => setTyped(initial.q), [initial.q]);

  const resultLinks = () => Array.from(resultsRef.current?.querySelectorAll<HTMLAnchorElement>("a[data-hit]") ?? []);
  const onInputKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      const first = resultLinks()[0];
      if (first) {
        e.preventDefault();
        first.focus();
      }
    } else if (e.key === "Escape" && typed) {
      e.preventDefault();
      setTyped("");
      run(0);
    }
  };
  const onResultsKey = (e: React.KeyboardEvent<HTMLOListElement>) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const links = resultLinks();
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (at === -1) return;
    e.preventDefault();
    if (e.key === "ArrowUp" && at === 0) inputRef.current?.focus();
    else links[Math.max(0, Math.min(links.length - 1, at + (e.key === "ArrowDown" ? 1 : -1)))]?.focus();
  };
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // Enter in the box opens the first result when there is one and the results are current.
    const first = resultLinks()[0];
    if (first && !busy && data.q === typed) navigate(first.getAttribute("href")!);
    else run(0);
  };

  const facets = data.result?.facets ?? {};
  const hasQuery = typed.trim() !== "" || Object.values(data.selected).some((v) => v.length);
  const status = useMemo(() => {
    if (!data.result) return "";
    const t = data.result.total;
    return `${t} ${t === 1 ? "result" : "results"}${data.q ? ` for “${data.q}”` : ""}`;
  }, [data.result, data.q]);

  return (
    <>
      <h1>Search</h1>
      <Form method="get" action="/search" ref={formRef} role="search" aria-label="Library search" onChange={() => run(DEBOUNCE_MS)} onSubmit={onSubmit}>
        <div className="search-box">
          <label htmlFor="search-q">Search the library</label>
          <input
            ref={inputRef}
            id="search-q"
            data-search-page-input=""
            type="search"
            name="q"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={onInputKey}
            maxLength={200}
            autoComplete="off"
            autoFocus
            placeholder="Clauses, playbooks, precedents…"
            aria-describedby="search-help"
            aria-controls="search-results-section"
          />
          <p id="search-help" className="hint">
            Results appear as you type. ↓ moves into the results, ↑/↓ between them, Enter opens one. Quotes search a phrase.
          </p>
        </div>
        <fieldset className="search-scope">
          <legend className="visually-hidden">Search in</legend>
          <label>
            <input type="radio" name="scope" value="documents" defaultChecked={data.scope === "documents"} /> Documents
          </label>
          <label>
            <input type="radio" name="scope" value="clauses" defaultChecked={data.scope === "clauses"} /> Clauses and sections
          </label>
        </fieldset>
        <div className="search-page">
          <div className="search-facets" role="group" aria-label="Filters">
            {FILTERS.map((f) => {
              const counts = facets[f.facet] ?? [];
              const chosen = data.selected[f.param];
              const values = [...counts, ...chosen.filter((v) => !counts.some((c) => c.value === v)).map((value) => ({ value, count: 0 }))];
              if (!values.length) return null;
              return (
                <fieldset key={f.param}>
                  <legend>{f.legend}</legend>
                  {values.map((v) => (
                    <label key={v.value}>
                      <input type="checkbox" name={f.param} value={v.value} defaultChecked={chosen.includes(v.value)} />
                      {facetLabel(f.param, v.value)}
                      <span className="facet-count" aria-label={`${v.count} results`}>
                        {v.count}
                      </span>
                    </label>
                  ))}
                </fieldset>
              );
            })}
          </div>
          {/* The search box controls this section, always there: the list inside it is only when there are results. */}
          <section id="search-results-section" aria-labelledby="search-results-title" aria-busy={busy || undefined}>
            <h2 id="search-results-title" className="visually-hidden">
              Results
            </h2>
            <p className="hint" role="status" aria-live="polite">
              {busy ? "Searching…" : status}
            </p>
            {data.error ? (
              <div className="form-error" role="alert">
                {data.error}
              </div>
            ) : !hasQuery && !data.result ? (
              <EmptyState title="Type to search">
                <p>Search every playbook, template and precedent you can read — or switch to Clauses to find the clause itself.</p>
              </EmptyState>
            ) : data.result && data.result.hits.length === 0 ? (
              <EmptyState title={data.q ? `No results for “${data.q}”` : "No results"}>
                {data.result.suggestions.didYouMean ? (
                  <p data-did-you-mean="">
                    Did you mean <Link to={searchHref(data, { q: data.result.suggestions.didYouMean })}>{data.result.suggestions.didYouMean}</Link>?
                  </p>
                ) : null}
                {data.result.suggestions.withoutFilter.length > 0 ? (
                  <ul className="search-filter-hints" aria-label="Filters that removed results">
                    {data.result.suggestions.withoutFilter.map((w) => (
                      <li key={w.filter}>
                        The {FILTER_LEGEND[w.filter].toLowerCase()} filter hides {w.total} {w.total === 1 ? "result" : "results"}:{" "}
                        <Link to={searchHref(data, { clear: w.filter })}>clear {FILTER_LEGEND[w.filter].toLowerCase()}</Link>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>Check the spelling, use fewer words, or clear some filters.</p>
                )}
              </EmptyState>
            ) : data.result ? (
              <ol id="search-results" className="search-results" ref={resultsRef} onKeyDown={onResultsKey}>
                {data.result.hits.map((hit) => (
                  <li key={`${hit.documentId}#${hit.anchor ?? ""}`}>
                    <a href={hit.url} data-hit="" onClick={(e) => {
                      if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                      e.preventDefault();
                      navigate(hit.url);
                    }}>
                      <Highlighted className="search-hit-title" html={hit.highlights.title || hit.title} />
                      <span className="search-hit-meta">
                        {" "}
                        · {KIND_LABELS[hit.kind]} · {STATUS_LABELS[hit.status]}
                        {hit.anchor ? ` · in ${hit.documentTitle}` : ""}
                        {hit.clauseName ? " · clause" : ""}
                        {hit.confidentiality === "PRIVILEGED" ? <strong className="search-hit-privileged"> · Privileged</strong> : null}
                      </span>
                      {hit.highlights.body ? <Highlighted as="p" className="search-hit-snippet" html={hit.highlights.body} /> : null}
                      {hit.missing.length > 0 ? (
                        <span className="search-hit-missing">
                          Missing:{" "}
                          {hit.missing.map((word, i) => (
                            <Fragment key={word}>
                              {i > 0 ? ", " : ""}
                              <s>{word}</s>
                            </Fragment>
                          ))}
                        </span>
                      ) : null}
                    </a>
                  </li>
                ))}
              </ol>
            ) : null}
          </section>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
