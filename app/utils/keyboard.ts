import { useEffect, useRef, useState } from "react";

/** Whether a key press goes into a field (or the editor) rather than to the app's single-key shortcuts. */
export const isTypingIn = (target: EventTarget | null) => !!(target as HTMLElement | null)?.closest?.("input, textarea, select, [contenteditable=true]");

/**
 * Whether shortcuts read ⌘ rather than Ctrl. Decided after hydration, so the server's HTML and
 * the first render in the browser agree (Ctrl), then a Mac shows ⌘.
 */
export function useMacKeys(): boolean {
  const [mac, setMac] = useState(false);
  useEffect(() => setMac(/Mac|iPhone|iPad/.test(navigator.platform)), []);
  return mac;
}

/** "Mod-Alt-c" → "Ctrl+Alt+C" (or "⌘⌥C" on a Mac). */
export function formatShortcut(shortcut: string, mac: boolean): string {
  const keys = shortcut.split("-").map((key) => {
    if (key === "Mod") return mac ? "⌘" : "Ctrl";
    if (key === "Alt") return mac ? "⌥" : "Alt";
    if (key === "Shift") return mac ? "⇧" : "Shift";
    return key.length === 1 ? key.toUpperCase() : key;
  });
  return mac ? keys.join("") : keys.join("+");
}

/**
 * For a Radix dialog opened by a key rather than by its Trigger: Radix gives focus back to the
 * Trigger, and there is none, so focus would fall to the page's start. These handlers remember
 * what had focus when the dialog opened and give it back when it closes; `skip()` before closing
 * leaves focus alone (the dialog is closing to go to another page).
 */
export function useFocusReturn() {
  const previous = useRef<HTMLElement | null>(null);
  const skipping = useRef(false);
  return {
    onOpenAutoFocus: () => {
      // Called before the dialog moves focus into itself.
      previous.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      skipping.current = false;
    },
    onCloseAutoFocus: (event: Event) => {
      event.preventDefault();
      const element = previous.current;
      previous.current = null;
      if (!skipping.current && element?.isConnected) element.focus();
    },
    skip: () => {
      skipping.current = true;
    },
  };
}
