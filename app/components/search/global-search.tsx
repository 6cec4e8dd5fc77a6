import { Form, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { isTypingIn, useMacKeys } from "~/utils/keyboard";

/**
 * The app shell's search box: Ctrl/Cmd+K or "/" focuses it from anywhere, Enter opens the
 * search page with the query (/search?q=…).
 */
export function GlobalSearch() {
  const input = useRef<HTMLInputElement>(null);
  const location = useLocation();
  const mac = useMacKeys();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = isTypingIn(e.target);
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
      {/* Hidden on touch screens (search.css), which have no keys to press. */}
      <kbd id="global-search-hint" className="shortcut-hint" title="Focus the search box">
        {mac ? "⌘K" : "Ctrl K"}
      </kbd>
    </Form>
  );
}
