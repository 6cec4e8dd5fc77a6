/**
 * The editor's calls for clauses from the library (ADR 033): search (resources.clause-search),
 * one clause to insert (resources.library-clause) and the updates of the clauses a document
 * holds (resources.clause-updates), kept in a small store the clause cards read.
 */
import type { JSONContent } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { clauseSourceOf, type ClauseSourceAttrs } from "~/editor/extensions";
import type { PresentedClauseSourceUpdate } from "../../../server/documents/presenter.ts";

/** Hits the clause palette shows: enough to pick from, few enough to read at a glance. */
export const CLAUSE_PALETTE_RESULTS = 8;

export type ClauseSearchHit = {
  documentId: string;
  documentTitle: string;
  kind: string;
  anchor: string;
  title: string;
  clauseName: string | null;
  /** Escaped by the engine; only <mark> tags are markup. */
  body: string;
};

export type ClauseUpdate = Omit<PresentedClauseSourceUpdate, "clause"> & { clause: JSONContent };

/** The server's error message, or a plain one when it has none. */
async function failure(response: Response, fallback: string): Promise<Error> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return new Error(body?.error?.message ?? fallback);
}

/** The clause position to insert for a hit; throws with a message for the person (not published, gone…). */
export async function fetchLibraryClause(hit: { documentId: string; anchor: string }): Promise<JSONContent> {
  const response = await fetch(`/resources/library-clause?${new URLSearchParams({ documentId: hit.documentId, anchor: hit.anchor })}`, {
    headers: { Accept: "application/json" },
  });
  if (!response.ok) throw await failure(response, "The clause could not be fetched. Try again.");
  return ((await response.json()) as { clause: JSONContent }).clause;
}

/** The server compares at most this many sources per check (CLAUSE_SOURCES_MAX in server/documents/clause-sources.ts). */
const CLAUSE_SOURCES_PER_CHECK = 200;

export const clauseSourceKey = (s: ClauseSourceAttrs) => `${s.sourceDocumentId} ${s.sourceVersionId} ${s.sourceClause}`;

/** The library sources of a document's clause positions, each once, in document order. */
export function collectClauseSources(doc: PMNode): ClauseSourceAttrs[] {
  const found = new Map<string, ClauseSourceAttrs>();
  doc.descendants((node) => {
    if (node.type.name !== "clausePosition") return true;
    const source = clauseSourceOf(node.attrs);
    if (source) found.set(clauseSourceKey(source), source);
    return true;
  });
  return [...found.values()].slice(0, CLAUSE_SOURCES_PER_CHECK);
}

export type ClauseUpdatesStore = {
  subscribe: (listener: () => void) => () => void;
  /** The update for a clause with this source, if its source has published a different clause. */
  get: (source: ClauseSourceAttrs | null) => ClauseUpdate | undefined;
  /** Asks the server about these sources; a failed check keeps what was known. */
  check: (sources: ClauseSourceAttrs[]) => Promise<void>;
};

export function createClauseUpdatesStore(): ClauseUpdatesStore {
  let updates = new Map<string, ClauseUpdate>();
  const listeners = new Set<() => void>();
  let latest = 0;
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get: (source) => (source ? updates.get(clauseSourceKey(source)) : undefined),
    async check(sources) {
      const ticket = ++latest;
      let next = new Map<string, ClauseUpdate>();
      if (sources.length) {
        try {
          const response = await fetch("/resources/clause-updates", {
            method: "POST",
            headers: { "Content-Type": "application/json", Accept: "application/json" },
            body: JSON.stringify({ sources }),
          });
          if (!response.ok) return;
          const body = (await response.json()) as { updates: ClauseUpdate[] };
          next = new Map(body.updates.map((u) => [clauseSourceKey(u), u]));
        } catch {
          return; // offline: the notices stay as they were
        }
      }
      // An older check answering after a newer one is dropped.
      if (ticket !== latest) return;
      updates = next;
      for (const listener of listeners) listener();
    },
  };
}
