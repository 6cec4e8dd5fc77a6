// RFC 4180 CSV for exports a PM opens in a spreadsheet. No CSV helper existed in the repo.

export type CsvCell = string | number | bigint | boolean | null | undefined;

/** Characters that make a spreadsheet read a text cell as a formula (OWASP "CSV injection"). */
const FORMULA_TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

/**
 * One cell. Text starting with a formula trigger gets a leading apostrophe, so a document title
 * like "=HYPERLINK(…)" stays text. Numbers are written as they are — a negative margin must stay
 * a number — so pass figures as numbers, never as preformatted text. null/undefined → empty.
 * Cells with a comma, quote, CR or LF are quoted, quotes doubled.
 */
export function formatCsvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) throw new RangeError(`formatCsvCell: ${cell} is not a finite number`);
    return String(cell);
  }
  if (typeof cell === "bigint" || typeof cell === "boolean") return String(cell);
  const text = FORMULA_TRIGGERS.has(cell.charAt(0)) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows to CSV text: CRLF line ends, one after every row (RFC 4180 allows the last one). */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(formatCsvCell).join(",")}\r\n`).join("");
}
