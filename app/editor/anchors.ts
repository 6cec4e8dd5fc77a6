const SLUG_MAX_LENGTH = 80;

/**
 * The anchor of a heading's text, before de-duplication: accents dropped, lower case, letters
 * and digits of any script kept, everything else a single dash ("Über Größe" → "uber-grosse").
 * Shared by the server (derived sections, search deep links) and the page that scrolls to them.
 */
export function slugifyHeading(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/g, "");
  return slug || "section";
}
