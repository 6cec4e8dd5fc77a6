import { Command } from "cmdk";
import { useEffect, useState } from "react";
import { PaletteItem } from "~/components/command-palette/command-palette";
import { PaletteDialog } from "~/components/command-palette/palette-dialog";
import { useDebouncedSearch } from "~/components/command-palette/palette-search";
import { KIND_LABELS } from "~/components/documents/labels";
import { Highlighted } from "~/components/search/highlight";
import { useFocusReturn } from "~/utils/keyboard";
import type { ClauseSearchHit } from "./library-clause-api";

const NO_HITS: { hits: ClauseSearchHit[] } = { hits: [] };
const searchUrl = (q: string) => `/resources/clause-search?${new URLSearchParams({ q })}`;

type ClausePaletteProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Inserts the chosen clause; a rejection's message is shown and the palette stays open. */
  onChoose: (hit: ClauseSearchHit) => Promise<void>;
};

/**
 * "Insert clause from library": the clause search (published precedents' sections and playbooks'
 * clause positions this person may read) in the command palette's dialog. Arrow keys move, Enter
 * inserts at the cursor, Escape closes and gives focus back to the editor.
 */
export function ClausePalette({ open, onOpenChange, onChoose }: ClausePaletteProps) {
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [inserting, setInserting] = useState(false);
  const q = typed.trim();
  const search = useDebouncedSearch(open ? typed : "", searchUrl, NO_HITS);
  const hits = search.query === q ? search.results.hits : [];
  const [selected, setSelected] = useState("");
  useEffect(() => setSelected(hits[0] ? valueOf(hits[0]) : ""), [search.results]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (open) return;
    setTyped("");
    setError(null);
  }, [open]);
  const focusReturn = useFocusReturn();

  const choose = async (hit: ClauseSearchHit) => {
    if (inserting) return;
    setInserting(true);
    setError(null);
    try {
      await onChoose(hit);
      // The editor takes focus at the inserted clause: not back to where the palette was opened.
      focusReturn.skip();
      onOpenChange(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : "The clause could not be inserted.");
    } finally {
      setInserting(false);
    }
  };

  const status = error ?? (inserting ? "Inserting…" : q && !search.pending && hits.length === 0 ? `No published clauses match “${q}”.` : !q ? "Type to search the library's clauses." : "");

  return (
    <PaletteDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Insert clause from library"
      label="Insert clause from library"
      placeholder="Search clauses… (e.g. limitation of liability)"
      typed={typed}
      onTypedChange={setTyped}
      selected={selected}
      onSelectedChange={setSelected}
      status={status}
      statusIsError={!!error}
      listLabel="Clauses"
      enterDoes="insert"
      focusReturn={focusReturn}
    >
      {hits.length > 0 ? (
        <Command.Group heading="Clauses">
          {hits.map((hit) => (
            <PaletteItem
              key={valueOf(hit)}
              value={valueOf(hit)}
              onSelect={() => void choose(hit)}
              detail={
                <>
                  {[hit.documentTitle, KIND_LABELS[hit.kind as keyof typeof KIND_LABELS] ?? hit.kind].join(" · ")}
                  {hit.body ? <Highlighted className="clause-palette-snippet" html={hit.body} /> : null}
                </>
              }
            >
              {hit.clauseName || hit.title}
            </PaletteItem>
          ))}
        </Command.Group>
      ) : null}
    </PaletteDialog>
  );
}

const valueOf = (hit: ClauseSearchHit) => `${hit.documentId}${hit.anchor}`;
