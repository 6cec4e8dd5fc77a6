import { useEffect, useRef, useState } from "react";

/** The longest query the palette sends (the library's and the mandates list's own limit). */
export const PALETTE_QUERY_MAX_LENGTH = 200;
/** Documents, and mandates, shown for a query: enough to pick from, few enough to read at a glance. */
export const PALETTE_RESULTS_PER_KIND = 6;
/** Typing pauses this long before the palette asks the server. */
const PALETTE_SEARCH_DELAY_MS = 200;

export type PaletteResults = {
  documents: { id: string; title: string; kind: string; client: string | null }[];
  mandates: { id: string; title: string; reference: string | null; client: string; needsBreakGlass: boolean }[];
};

export type PaletteSearch = {
  /** The query these results answer (they may lag what is typed by one request). */
  query: string;
  results: PaletteResults;
  /** Whether an answer to what is typed now is still on its way. */
  pending: boolean;
};

const NONE: PaletteResults = { documents: [], mandates: [] };

/**
 * The documents and mandates that match what is typed, from resources.command-palette, debounced.
 * A plain JSON call outside the router (as the promote page's live preview): nothing for Remix to
 * revalidate after every form post, and an answer to an older query is dropped, never shown.
 */
export function usePaletteSearch(typed: string): PaletteSearch {
  return useDebouncedSearch(typed, (q) => `/resources/command-palette?${new URLSearchParams({ q })}`, NONE);
}

/**
 * What a JSON resource answers for the query typed, asked once typing pauses; an answer to an
 * older query is dropped, and a failed call (offline, signed out meanwhile) answers `none`.
 * The command palette's and the clause palette's searches.
 */
export function useDebouncedSearch<T>(typed: string, urlFor: (q: string) => string, none: T): { query: string; results: T; pending: boolean } {
  const q = typed.trim();
  const [answered, setAnswered] = useState<{ query: string; results: T }>({ query: "", results: none });
  const urlForRef = useRef(urlFor);
  urlForRef.current = urlFor;
  useEffect(() => {
    if (!q) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(urlForRef.current(q), { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(async (response) => (response.ok ? ((await response.json()) as T) : none))
        .catch(() => (controller.signal.aborted ? null : none))
        .then((results) => {
          if (results && !controller.signal.aborted) setAnswered({ query: q, results });
        });
    }, PALETTE_SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, none]);
  if (!q) return { query: "", results: none, pending: false };
  return { ...answered, pending: answered.query !== q };
}
