import { useEffect, useState } from "react";

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
