import { describe, expect, test } from "vitest";
import { addMonths, isDueWithin, maintainedStatus, maintenanceOf, reviewDueAt } from "./review-due.ts";

const at = (iso: string) => new Date(iso);

describe("review due", () => {
  test("adds calendar months, keeping the day or the month's last day", () => {
    expect(addMonths(at("2026-01-15T10:00:00Z"), 6).toISOString()).toBe("2026-07-15T10:00:00.000Z");
    expect(addMonths(at("2026-01-31T00:00:00Z"), 1).toISOString()).toBe("2026-02-28T00:00:00.000Z");
    expect(addMonths(at("2027-12-31T00:00:00Z"), 2).toISOString()).toBe("2028-02-29T00:00:00.000Z");
    expect(addMonths(at("2026-11-30T00:00:00Z"), 14).toISOString()).toBe("2028-01-30T00:00:00.000Z");
  });

  test("is due the interval after the last review, and never without either", () => {
    expect(reviewDueAt(at("2026-03-01T00:00:00Z"), 12)?.toISOString()).toBe("2027-03-01T00:00:00.000Z");
    expect(reviewDueAt(null, 12)).toBeNull();
    expect(reviewDueAt(at("2026-03-01T00:00:00Z"), null)).toBeNull();
  });

  test("is maintained, due soon or overdue", () => {
    const now = at("2026-11-27T12:00:00Z");
    expect(maintainedStatus(at("2026-11-27T11:59:59Z"), now, 30)).toBe("OVERDUE");
    expect(maintainedStatus(at("2026-11-27T12:00:00Z"), now, 30)).toBe("DUE_SOON");
    expect(maintainedStatus(at("2026-12-27T12:00:00Z"), now, 30)).toBe("DUE_SOON");
    expect(maintainedStatus(at("2026-12-27T12:00:01Z"), now, 30)).toBe("MAINTAINED");
    expect(isDueWithin(at("2026-12-27T12:00:00Z"), now, 30)).toBe(true);
    expect(isDueWithin(at("2026-12-27T12:00:01Z"), now, 30)).toBe(false);
    expect(isDueWithin(at("2020-01-01T00:00:00Z"), now, 0)).toBe(true);
  });

  test("is never reviewed until a real review, whatever the interval", () => {
    const now = at("2026-11-27T12:00:00Z");
    expect(maintenanceOf(null, 12, now, 30)).toEqual({ dueAt: null, maintained: "NEVER_REVIEWED" });
    expect(maintenanceOf(null, null, now, 30)).toEqual({ dueAt: null, maintained: "NEVER_REVIEWED" });
    expect(maintenanceOf(at("2026-11-01T00:00:00Z"), 12, now, 30).maintained).toBe("MAINTAINED");
    expect(maintenanceOf(at("2026-11-01T00:00:00Z"), null, now, 30)).toEqual({ dueAt: null, maintained: null });
  });
});
