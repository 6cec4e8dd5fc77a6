import { toCsv, type CsvCell } from "../kpis/csv.ts";
import type { AccessReport } from "./report.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : "");

/**
 * The access report as one CSV file for a spreadsheet: a heading line, then three blocks (who
 * could read, walls, who read or exported), each with its own header row, separated by an empty
 * line. Cells go through toCsv, so a title such as "=HYPERLINK(…)" stays text.
 */
export function accessReportToCsv(report: AccessReport): string {
  const rows: CsvCell[][] = [
    ["Access report", report.client.name, report.client.id, `${report.range.from} to ${report.range.to} (UTC)`, `generated ${report.generatedAt.toISOString()}`],
    [],
    ["Who could read", "Name", "Email", "Basis", "Detail", "Role", "Reason", "From", "To"],
    ...report.couldRead.map((r) => [
      "could read",
      r.user.name,
      r.user.email,
      r.basis,
      r.label,
      r.role ?? "",
      r.reason ?? "",
      iso(r.from),
      r.to ? iso(r.to) : r.basis === "team" ? "still on the team" : "",
    ]),
    [],
    ["Ethical walls", "Name", "Email", "Reason", "From", "To", "Whole period"],
    ...report.walls.map((w) => ["wall", w.user.name, w.user.email, w.reason, iso(w.from), iso(w.to), w.wholePeriod ? "yes" : "no"]),
    [],
    ["Who read or exported", "Name", "Email", "Target type", "Target", "Kind", "Channels", "First", "Last", "Count"],
    ...report.didRead.map((r) => [
      "did read",
      r.user?.name ?? "(deleted user)",
      r.user?.email ?? "",
      r.target.type,
      r.target.title,
      r.kind,
      r.channels.join(" "),
      iso(r.first),
      iso(r.last),
      r.count,
    ]),
  ];
  return toCsv(rows);
}
