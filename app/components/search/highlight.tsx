/**
 * The engine's highlighted text: already HTML-escaped, with matches in <mark>…</mark>. Still, only
 * <mark> is let through as markup: any other angle bracket is escaped again before rendering.
 */
export function markOnlyHtml(html: string): string {
  return html
    .split(/(<\/?mark>)/g)
    .map((part) => (part === "<mark>" || part === "</mark>" ? part : part.replace(/</g, "&lt;").replace(/>/g, "&gt;")))
    .join("");
}

export function Highlighted({ html, as: Tag = "span", className }: { html: string; as?: "span" | "p"; className?: string }) {
  return <Tag className={className} dangerouslySetInnerHTML={{ __html: markOnlyHtml(html) }} />;
}
