import { describe, expect, test } from "vitest";
import { formatCsvCell, toCsv } from "./csv.ts";

describe("formatCsvCell", () => {
  test("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(formatCsvCell("plain")).toBe("plain");
    expect(formatCsvCell("Smith, Jones")).toBe('"Smith, Jones"');
    expect(formatCsvCell('the "NDA" playbook')).toBe('"the ""NDA"" playbook"');
    expect(formatCsvCell("line one\nline two")).toBe('"line one\nline two"');
    expect(formatCsvCell("a\r\nb")).toBe('"a\r\nb"');
  });

  test("neutralises text that a spreadsheet would run as a formula", () => {
    expect(formatCsvCell("=HYPERLINK(\"http://x\")")).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(formatCsvCell("+1 555")).toBe("'+1 555");
    expect(formatCsvCell("-2")).toBe("'-2"); // text, even if it looks like a number
    expect(formatCsvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(formatCsvCell("\tcmd")).toBe("'\tcmd");
    expect(formatCsvCell("a=b")).toBe("a=b"); // only a leading trigger matters
  });

  test("writes numbers as numbers, negative ones included, and empties for null", () => {
    expect(formatCsvCell(-2000)).toBe("-2000");
    expect(formatCsvCell(66.67)).toBe("66.67");
    expect(formatCsvCell(12n)).toBe("12");
    expect(formatCsvCell(null)).toBe("");
    expect(formatCsvCell(undefined)).toBe("");
    expect(formatCsvCell("")).toBe("");
    expect(() => formatCsvCell(Number.NaN)).toThrow(RangeError);
  });
});

test("toCsv ends every row with CRLF", () => {
  expect(toCsv([["month", "delivered"], ["2026-03", 3], ["2026-04", 2]])).toBe("month,delivered\r\n2026-03,3\r\n2026-04,2\r\n");
  expect(toCsv([])).toBe("");
});
