/**
 * The media types we compress: text the browser reads (HTML, JS, CSS, JSON, and Remix's
 * single-fetch `text/x-script` data). Everything else — .docx, .zip, images, event streams —
 * passes through: it is compressed already or must not be buffered by a coder.
 */
const COMPRESSIBLE = /^(text\/(html|css|javascript|x-script)|application\/(javascript|json|[\w.-]+\+json))\s*(;|$)/i;

export const isCompressibleType = (contentType: string | undefined) => !!contentType && COMPRESSIBLE.test(contentType);

/** Adds `Accept-Encoding` to the response's Vary, keeping what other layers put there. */
export function varyOnAcceptEncoding(res: { getHeader(name: string): unknown; setHeader(name: string, value: string): unknown }) {
  const current = String(res.getHeader("Vary") ?? "");
  if (current === "*" || /(^|,)\s*accept-encoding\s*(,|$)/i.test(current)) return;
  res.setHeader("Vary", current ? `${current}, Accept-Encoding` : "Accept-Encoding");
}
