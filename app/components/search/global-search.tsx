import { Form, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/**
 * The app shell's search box: Ctrl/Cmd+K or "/" focuses it from anywhere, Enter opens the
 * search page with the query (/search?q=…).
 */
export function GlobalSearch() {
  const input = useRef<HTMLInputElement>(null);
  const location = useLocation();
  const [mac, setMac] = useState(false);
  useEffect(() => setMac(/Mac|iPhone|iPad/.test(navigator.platform)), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const typing = !!t?.closest("input, textarea, select, [contenteditable=true]");
      const modK = (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k";
      const slash = e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !typing;
      if (!modK && !slash) return;
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
        aria-keyshortcuts="Control+K Meta+K /"
        aria-describedby="global-search-hint"
      />
      <kbd id="global-search-hint" className="shortcut-hint" title="Focus the search box">
        {mac ? "⌘K" : "Ctrl K"}
      </kbd>
    </Form>
  );
}
