import * as Dialog from "@radix-ui/react-dialog";
import { Command } from "cmdk";
import { useEffect, useState } from "react";
import { PaletteItem } from "~/components/command-palette/command-palette";
import { PALETTE_QUERY_MAX_LENGTH, useDebouncedSearch } from "~/components/command-palette/palette-search";
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
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="command-palette" aria-describedby={undefined} onOpenAutoFocus={focusReturn.onOpenAutoFocus} onCloseAutoFocus={focusReturn.onCloseAutoFocus}>
          <Dialog.Title className="visually-hidden">Insert clause from library</Dialog.Title>
          {/* The search engine ranks; cmdk keeps the keyboard and the ARIA. */}
          <Command label="Insert clause from library" shouldFilter={false} vimBindings={false} loop value={selected} onValueChange={setSelected}>
            <Command.Input
              className="command-palette-input"
              value={typed}
              onValueChange={setTyped}
              placeholder="Search clauses… (e.g. limitation of liability)"
              maxLength={PALETTE_QUERY_MAX_LENGTH}
            />
            <p className={`command-palette-status${error ? " form-error" : ""}`} role="status">
              {status}
            </p>
            <Command.List className="command-palette-list" label="Clauses">
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
            </Command.List>
            <p className="command-palette-keys" aria-hidden="true">
              <kbd>↑</kbd> <kbd>↓</kbd> to move · <kbd>Enter</kbd> to insert · <kbd>Esc</kbd> to close
            </p>
          </Command>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

const valueOf = (hit: ClauseSearchHit) => `${hit.documentId}${hit.anchor}`;
