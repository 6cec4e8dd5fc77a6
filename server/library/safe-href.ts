/** Links in and out of the library go only to the web and mail, the protocols the editor allows (app/editor/extensions.ts). */
export const isSafeHref = (href: unknown): href is string => typeof href === "string" && /^(https?:|mailto:)/i.test(href);
