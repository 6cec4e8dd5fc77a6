import { describe, expect, test } from "vitest";
import { instantOfWallTime } from "./wall-time.ts";

describe("instantOfWallTime", () => {
  test("a clock time in a zone is the instant people there mean, winter and summer", () => {
    expect(instantOfWallTime("2026-12-07T09:30", "Europe/London")?.toISOString()).toBe("2026-12-07T09:30:00.000Z");
    expect(instantOfWallTime("2026-07-07T09:30", "Europe/London")?.toISOString()).toBe("2026-07-07T08:30:00.000Z");
    expect(instantOfWallTime("2026-12-07T09:30", "America/New_York")?.toISOString()).toBe("2026-12-07T14:30:00.000Z");
    expect(instantOfWallTime("2026-12-07T09:30", "Asia/Singapore")?.toISOString()).toBe("2026-12-07T01:30:00.000Z");
  });

  test("around the clock changes: the skipped hour reads with the old offset, the repeated hour is its first pass", () => {
    // London, 29 March 2026: 01:00 GMT becomes 02:00 BST; 01:30 does not exist.
    expect(instantOfWallTime("2026-03-29T01:30", "Europe/London")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    // 25 October 2026: 01:00–02:00 happens twice (BST, then GMT).
    expect(instantOfWallTime("2026-10-25T01:30", "Europe/London")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  test("anything but a valid YYYY-MM-DDTHH:mm is null", () => {
    for (const bad of ["", "2026-12-07", "2026-12-07 09:30", "2026-02-30T09:30", "2026-12-07T24:00", "2026-12-07T09:30:00Z", "yesterday"]) {
      expect(instantOfWallTime(bad, "Europe/London")).toBeNull();
    }
  });
});
