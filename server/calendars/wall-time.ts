/** Clock times as people read them in a time zone ("2026-12-07T09:30" in Europe/London), as instants. */

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's clocks are ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    offsetFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time ("YYYY-MM-DDTHH:mm", as a datetime-local field sends it) names in
 * a time zone; null when it is not such a time. A time in the hour skipped when clocks go forward
 * is read with the offset before the change; in the hour that repeats when they go back, it is the
 * first of the two.
 */
export function instantOfWallTime(wallTime: string, timeZone: string): Date | null {
  const m = WALL_TIME.exec(wallTime);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  // The offset an hour before and after: the earlier reading wins where the two differ and both fit.
  const candidates = [offsetAt(asUtc - 3_600_000 * 3, timeZone), offsetAt(asUtc + 3_600_000 * 3, timeZone)].map((offset) => asUtc - offset);
  const fitting = candidates.filter((t) => t + offsetAt(t, timeZone) === asUtc);
  return new Date(fitting.length ? Math.min(...fitting) : candidates[0]!);
}
