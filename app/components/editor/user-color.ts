/**
 * Stable per-user colours for carets, selections and avatars. Each has at least 4.5:1 contrast
 * with white text, so initials stay legible on the avatar.
 */
export const USER_COLORS = [
  "#1d4ed8", // blue
  "#b91c1c", // red
  "#047857", // green
  "#7e22ce", // purple
  "#b45309", // amber
  "#0e7490", // cyan
  "#be185d", // pink
  "#4d7c0f", // lime
  "#c2410c", // orange
  "#4338ca", // indigo
  "#0f766e", // teal
  "#6d28d9", // violet
] as const;

/** FNV-1a over the id: the same user gets the same colour on every device. */
export function userColor(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return USER_COLORS[(hash >>> 0) % USER_COLORS.length] ?? USER_COLORS[0];
}

/** A colour from the outside (awareness, props) only if it is a plain hex colour. */
export function safeColor(color: unknown, fallbackId: string): string {
  return typeof color === "string" && /^#[0-9a-fA-F]{6}$/.test(color) ? color : userColor(fallbackId);
}

/** "Ada Lovelace" → "AL", "cher" → "C", "" → "?". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? "";
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase() || "?";
}
