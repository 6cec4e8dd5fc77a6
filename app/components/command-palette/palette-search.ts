import { useEffect, useState } from "react";

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
  const q = typed.trim();
  const [answered, setAnswered] = useState<{ query: string; results: PaletteResults }>({ query: "", results: NONE });
  useEffect(() => {
    if (!q) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/resources/command-palette?${new URLSearchParams({ q })}`, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(async (response) => (response.ok ? ((await response.json()) as PaletteResults) : NONE))
        // Offline, or signed out meanwhile: the palette still has its sections and actions.
        .catch(() => (controller.signal.aborted ? null : NONE))
        .then((results) => {
          if (results && !controller.signal.aborted) setAnswered({ query: q, results });
        });
    }, PALETTE_SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q]);
  if (!q) return { query: "", results: NONE, pending: false };
  return { ...answered, pending: answered.query !== q };
}
