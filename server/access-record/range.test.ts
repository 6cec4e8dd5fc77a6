import { describe, expect, test } from "vitest";
import { resolveReportQuery } from "./range.ts";

const today = new Date("2025-03-08T16:30:00.000Z");
const issuesOf = (raw: unknown) => {
  try {
    resolveReportQuery(raw, today);
  } catch (error) {
    return (error as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path);
  }
  throw new Error("expected a 400");
};

describe("access report period", () => {
  test("defaults to the last 30 days, today included, as whole UTC days", () => {
    const { range, format } = resolveReportQuery({}, today);
    expect(format).toBe("json");
    expect(range.from).toBe("2025-02-07");
    expect(range.to).toBe("2025-03-08");
    expect(range.start.toISOString()).toBe("2025-02-07T00:00:00.000Z");
    expect(range.end.toISOString()).toBe("2025-03-09T00:00:00.000Z");
  });

  test("one day is a day; 366 days are allowed, 367 are not", () => {
    const day = resolveReportQuery({ from: "2025-03-03", to: "2025-03-03" }, today).range;
    expect([day.start.toISOString(), day.end.toISOString()]).toEqual(["2025-03-03T00:00:00.000Z", "2025-03-04T00:00:00.000Z"]);
    expect(resolveReportQuery({ from: "2024-03-08", to: "2025-03-08" }, today).range.from).toBe("2024-03-08");
    expect(issuesOf({ from: "2024-03-07", to: "2025-03-08" })).toEqual(["from"]);
  });

  test("names each bad parameter", () => {
    expect(issuesOf({ from: "2025-03-09", to: "2025-03-08" })).toEqual(["from"]);
    expect(issuesOf({ from: "2025-02-30", to: "8 March" })).toEqual(["from", "to"]);
    expect(issuesOf({ format: "xml", start: "2025-03-01" })).toEqual(["format", "start"]);
  });
});
