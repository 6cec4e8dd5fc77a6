export type ContentCoding = "br" | "gzip" | "identity";

/**
 * The coding to answer in, by our preference rather than the header's order: browsers list
 * `gzip, deflate, br` with equal weight, and brotli is the smaller of the two. A coding counts as
 * accepted when named (or matched by `*`) with q > 0; no header, or nothing we have, is identity.
 */
export function chooseContentCoding(header: string | string[] | undefined): ContentCoding {
  const weights = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    weights.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const accepts = (coding: string) => (weights.get(coding) ?? weights.get("*") ?? 0) > 0;
  if (accepts("br")) return "br";
  if (accepts("gzip")) return "gzip";
  return "identity";
}
