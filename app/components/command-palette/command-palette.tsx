import { useNavigate } from "@remix-run/react";
import { Command } from "cmdk";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { KIND_LABELS } from "~/components/documents/labels";
import type { ShellAbilities } from "~/components/shell/nav-items";
import { useFocusReturn } from "~/utils/keyboard";
import { actionCommands, filterCommands, goToCommands, matchesQuery, type PaletteCommand } from "./commands";
import { PaletteDialog } from "./palette-dialog";
import { usePaletteSearch } from "./palette-search";

/** Ctrl+K (⌘K on a Mac), and only that: not with Alt or Shift, which other tools use. */
const isPaletteKey = (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k";

/**
 * Ctrl/Cmd+K opens the palette from anywhere, the header's search box included, and closes it
 * again. In the editor the same keys add a link: the editor handles them first and marks the key
 * press as handled, so the palette leaves it be there (a read-only document lets it through).
 */
export function usePaletteShortcut(setOpen: (update: (open: boolean) => boolean) => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isPaletteKey(e) || e.defaultPrevented) return;
      e.preventDefault();
      setOpen((open) => !open);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [setOpen]);
}

const SEARCH_EVERYWHERE = "search-everywhere";

type CommandPaletteProps = { open: boolean; onOpenChange: (open: boolean) => void; abilities: ShellAbilities };

/**
 * The command palette: the sections, the actions this person may start, and the documents and
 * mandates they may read that match what is typed. Arrow keys move, Enter goes, Escape closes
 * and gives focus back to where it was (Radix Dialog); nothing found offers the search page.
 */
export function CommandPalette({ open, onOpenChange, abilities }: CommandPaletteProps) {
  const navigate = useNavigate();
  const [typed, setTyped] = useState("");
  const q = typed.trim();
  const { isClient, manageMembers, createDocuments, createMandates } = abilities;
  const goTo = useMemo(() => goToCommands({ isClient, manageMembers }), [isClient, manageMembers]);
  const actions = useMemo(() => actionCommands({ createDocuments, createMandates }), [createDocuments, createMandates]);
  const search = usePaletteSearch(open ? typed : "");
  // While an answer is on its way, the last one's hits that still match stay, rather than flicker away.
  const current = search.query === q;
  const documents = search.results.documents.filter((d) => current || matchesQuery([d.title], q));
  const mandates = search.results.mandates.filter((m) => current || matchesQuery([m.title, m.reference ?? ""], q));
  const nothingFound = q !== "" && !search.pending && documents.length === 0 && mandates.length === 0;
  const shownGoTo = filterCommands(goTo, q);
  const shownActions = filterCommands(actions, q);

  // The first entry is chosen after each key typed and each answer, so Enter takes the best match
  // even when documents arrive after the search-everywhere entry was the only one.
  const first =
    shownGoTo[0]?.id ??
    shownActions[0]?.id ??
    (documents[0] ? `document:${documents[0].id}` : undefined) ??
    (mandates[0] ? `mandate:${mandates[0].id}` : undefined) ??
    (q ? SEARCH_EVERYWHERE : "");
  const [selected, setSelected] = useState(first);
  useEffect(() => setSelected(first), [first, q, search.query]);

  // Each opening starts afresh, however it was closed (Escape, Ctrl+K again, a choice).
  useEffect(() => {
    if (!open) setTyped("");
  }, [open]);
  const focusReturn = useFocusReturn();
  const go = (to: string) => {
    // Off to another page: focus stays with it rather than going back to where the palette was opened.
    focusReturn.skip();
    onOpenChange(false);
    navigate(to);
  };

  return (
    <PaletteDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Command palette"
      label="Go to a section, document or mandate, or start an action"
      placeholder="Go to… or type a document or mandate"
      typed={typed}
      onTypedChange={setTyped}
      selected={selected}
      onSelectedChange={setSelected}
      status={nothingFound ? `No documents or mandates match “${q}”.` : null}
      listLabel="Commands and results"
      enterDoes="go"
      focusReturn={focusReturn}
    >
      <CommandGroup heading="Go to" commands={shownGoTo} onGo={go} />
      <CommandGroup heading="Actions" commands={shownActions} onGo={go} />
      {documents.length > 0 ? (
        <Command.Group heading="Documents">
          {documents.map((d) => (
            <PaletteItem
              key={d.id}
              value={`document:${d.id}`}
              onSelect={() => go(`/documents/${d.id}`)}
              detail={[KIND_LABELS[d.kind as keyof typeof KIND_LABELS] ?? d.kind, d.client].filter(Boolean).join(" · ")}
            >
              {d.title}
            </PaletteItem>
          ))}
        </Command.Group>
      ) : null}
      {mandates.length > 0 ? (
        <Command.Group heading="Mandates">
          {mandates.map((m) => (
            <PaletteItem
              key={m.id}
              value={`mandate:${m.id}`}
              onSelect={() => go(`/mandates/${m.id}`)}
              detail={[m.reference, m.client, m.needsBreakGlass ? "Break glass to open" : null].filter(Boolean).join(" · ")}
            >
              {m.title}
            </PaletteItem>
          ))}
        </Command.Group>
      ) : null}
      {q ? (
        <Command.Group heading="Search">
          <PaletteItem
            value={SEARCH_EVERYWHERE}
            onSelect={() => go(`/search?${new URLSearchParams({ q })}`)}
            detail="Full text, clauses and filters"
          >
            Search everywhere for “{q}”
          </PaletteItem>
        </Command.Group>
      ) : null}
    </PaletteDialog>
  );
}

function CommandGroup({ heading, commands, onGo }: { heading: string; commands: PaletteCommand[]; onGo: (to: string) => void }) {
  if (commands.length === 0) return null;
  return (
    <Command.Group heading={heading}>
      {commands.map((c) => (
        <PaletteItem key={c.id} value={c.id} onSelect={() => onGo(c.to)} shortcut={c.shortcut}>
          {c.label}
        </PaletteItem>
      ))}
    </Command.Group>
  );
}

type PaletteItemProps = { value: string; onSelect: () => void; children: ReactNode; detail?: ReactNode; shortcut?: string };

/** One entry of a cmdk palette (this one and the editor's clause palette): a label, a muted detail, its keys. */
export function PaletteItem({ value, onSelect, children, detail, shortcut }: PaletteItemProps) {
  return (
    <Command.Item className="command-palette-item" value={value} onSelect={onSelect}>
      <span className="command-palette-item-label">
        {children}
        {detail ? <span className="command-palette-item-detail">{detail}</span> : null}
      </span>
      {shortcut ? <span className="command-palette-item-shortcut">{shortcut}</span> : null}
    </Command.Item>
  );
}
