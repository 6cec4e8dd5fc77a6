import { Form, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { isTypingIn, useMacKeys } from "~/utils/keyboard";

/**
 * The app shell's search box: "/" focuses it from anywhere, Enter opens the search page with the
 * query (/search?q=…). Its key hint opens the command palette, which Ctrl/Cmd+K opens too.
 */
export function GlobalSearch({ onOpenPalette }: { onOpenPalette: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const location = useLocation();
  const mac = useMacKeys();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || isTypingIn(e.target)) return;
      // On the search page its own box takes the shortcut.
      const target = document.querySelector<HTMLInputElement>("[data-search-page-input]") ?? input.current;
      if (!target) return;
      e.preventDefault();
      target.focus();
      target.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  if (location.pathname === "/search") return null;
  return (
    <Form method="get" action="/search" role="search" className="global-search" aria-label="Quick search">
      <label htmlFor="global-search-input" className="visually-hidden">
        Quick search
      </label>
      <input
        ref={input}
        id="global-search-input"
        type="search"
        name="q"
        placeholder="Search…"
        maxLength={200}
        autoComplete="off"
        aria-keyshortcuts="/"
      />
      {/* Hidden on touch screens (search.css), which have no keys to press. */}
      <button
        type="button"
        id="global-search-hint"
        className="shortcut-hint"
        aria-label="Command palette"
        aria-keyshortcuts="Control+K Meta+K"
        title={`Command palette (${mac ? "⌘K" : "Ctrl+K"})`}
        onClick={onOpenPalette}
      >
        {mac ? "⌘K" : "Ctrl K"}
      </button>
    </Form>
  );
}
