import { useEffect, useRef, type ReactNode } from "react";
import { EDITOR_SHORTCUTS } from "~/components/editor/shortcuts";
import { formatShortcut, isTypingIn, useMacKeys } from "~/utils/keyboard";

/**
 * "?" anywhere outside a field opens the sheet of the app's keyboard shortcuts: the shell's
 * "g then a letter" (the sections this person has), the search box's, and the editor's. A
 * native modal <dialog>: the browser keeps focus inside it, closes it on Escape and gives focus
 * back to what had it.
 */
export function ShortcutSheet({ sections }: { sections: readonly { label: string; key: string }[] }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const mac = useMacKeys();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "?" || e.ctrlKey || e.metaKey || e.altKey || isTypingIn(e.target) || dialog.current?.open) return;
      e.preventDefault();
      dialog.current?.showModal();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <dialog ref={dialog} className="shortcut-sheet card" aria-labelledby="shortcut-sheet-title">
      <h2 id="shortcut-sheet-title">Keyboard shortcuts</h2>
      <ShortcutGroup title="Go to">
        {sections.map((s) => (
          <Shortcut key={s.key} label={s.label}>
            <kbd>g</kbd> then <kbd>{s.key}</kbd>
          </Shortcut>
        ))}
      </ShortcutGroup>
      <ShortcutGroup title="Anywhere">
        <Shortcut label="Search">
          <kbd>{formatShortcut("Mod-k", mac)}</kbd> or <kbd>/</kbd>
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
      <form method="dialog" className="form-actions">
        <button type="submit" className="button" autoFocus>
          Close
        </button>
      </form>
    </dialog>
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
