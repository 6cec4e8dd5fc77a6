// What every benchmark prints: a progress line on stderr (the table on stdout stays clean),
// percentiles, and one Markdown-style table. bench/search.ts keeps its own older copies of these.
import os from "node:os";

export const cores = () => (typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length);

/** Nearest-rank percentile of an ascending list. */
export const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export const ms = (v: number) => `${v.toFixed(1)} ms`;

/** A plain-text progress line on stderr, only on a terminal. */
export function progress(label: string, done: number, total: number) {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r${label.padEnd(28)} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stderr.write("\n");
}

export function printTable(headers: string[], rows: string[][]) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}
