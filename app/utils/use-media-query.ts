import { useSyncExternalStore } from "react";

/**
 * Whether a CSS media query matches, kept current as the window changes. On the server, and in
 * the first render in the browser, it answers `false`: markup that must be right before
 * hydration is decided by CSS, not by this.
 */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}
