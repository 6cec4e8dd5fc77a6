/** Links in and out of the library go only to the web and mail, the protocols the editor allows (app/editor/extensions.ts). */
export const isSafeHref = (href: unknown): href is string => typeof href === "string" && /^(https?:|mailto:)/i.test(href);

/**
 * A link a document may store: the web and mail (as above), or a path or anchor on this site
 * ("/documents/…", "#clause-cap"). Never javascript:, data:, vbscript: or a protocol-relative
 * "//host"; nothing with control characters (browsers strip tab and newlines, so "/\t/host"
 * would become "//host") or backslashes (read as "/").
 */
export const isStorableHref = (href: unknown): href is string =>
  typeof href === "string" &&
  // eslint-disable-next-line no-control-regex
  !/[\u0000-\u001f\u007f\\]/.test(href) &&
  (isSafeHref(href) || /^(\/(?!\/)|#|\?)/.test(href));

type MarkedNode = { marks?: Array<{ type?: unknown; attrs?: { href?: unknown } | null }>; content?: unknown };

/**
 * Drops every link mark whose href is not storable from ProseMirror JSON (the text stays),
 * in place, walked with an explicit stack; returns the same JSON. Used where content is stored
 * (API create, imports, restores, what is derived from the live Y.Doc) and exported.
 */
export function stripUnsafeLinks<T>(json: T): T {
  const stack: unknown[] = [json];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== "object") continue;
    const n = node as MarkedNode;
    if (Array.isArray(n.marks)) {
      const kept = n.marks.filter((m) => !(m && m.type === "link" && !isStorableHref(m.attrs?.href)));
      if (kept.length !== n.marks.length) {
        if (kept.length) n.marks = kept;
        else delete n.marks;
      }
    }
    if (Array.isArray(n.content)) for (const child of n.content) stack.push(child);
  }
  return json;
}
