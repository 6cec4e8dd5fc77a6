import * as Dialog from "@radix-ui/react-dialog";
import { useEffect, useState, type ReactNode } from "react";
import { EDITOR_SHORTCUTS } from "~/components/editor/shortcuts";
import { formatShortcut, isTypingIn, useFocusReturn, useMacKeys } from "~/utils/keyboard";

/**
 * "?" anywhere outside a field opens the sheet of the app's keyboard shortcuts: the shell's
 * "g then a letter" (the sections this person has), the palette's and search box's, and the
 * editor's. A Radix dialog: focus stays inside it, Escape closes it and focus goes back to what
 * had it.
 */
export function ShortcutSheet({ sections }: { sections: readonly { label: string; key: string }[] }) {
  const [open, setOpen] = useState(false);
  const mac = useMacKeys();
  const { onOpenAutoFocus, onCloseAutoFocus } = useFocusReturn();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "?" || e.ctrlKey || e.metaKey || e.altKey || isTypingIn(e.target)) return;
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  const palette = formatShortcut("Mod-k", mac);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog shortcut-sheet"
          aria-describedby={undefined}
          onOpenAutoFocus={onOpenAutoFocus}
          onCloseAutoFocus={onCloseAutoFocus}
        >
          <Dialog.Title>Keyboard shortcuts</Dialog.Title>
          <ShortcutGroup title="Go to">
            {sections.map((s) => (
              <Shortcut key={s.key} label={s.label}>
                <kbd>g</kbd> then <kbd>{s.key}</kbd>
              </Shortcut>
            ))}
          </ShortcutGroup>
          <ShortcutGroup title="Anywhere">
            <Shortcut label="Command palette">
              <kbd>{palette}</kbd>
            </Shortcut>
            <Shortcut label="Search box">
              <kbd>/</kbd>
            </Shortcut>
            <Shortcut label="This list">
              <kbd>?</kbd>
            </Shortcut>
          </ShortcutGroup>
          <ShortcutGroup title="In the editor">
            {EDITOR_SHORTCUTS.map((s) => (
              <Shortcut key={s.label} label={s.label}>
                <kbd>{formatShortcut(s.keys, mac)}</kbd>
              </Shortcut>
            ))}
          </ShortcutGroup>
          <p className="hint">
            While you write in a document, <kbd>{palette}</kbd> adds a link; press it outside the text for the command palette.
          </p>
          <div className="form-actions">
            <Dialog.Close className="button">Close</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function ShortcutGroup({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      <dl className="shortcut-list">{children}</dl>
    </section>
  );
}

function Shortcut({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
