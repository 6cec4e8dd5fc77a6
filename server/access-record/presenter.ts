import type { AccessReport } from "./report.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The access report as JSON: times as ISO strings (UTC), the period as days. */
export function presentAccessReport(report: AccessReport) {
  return {
    client: report.client,
    range: { from: report.range.from, to: report.range.to, timeZone: "UTC" },
    generatedAt: report.generatedAt.toISOString(),
    couldRead: report.couldRead.map((r) => ({
      user: r.user,
      basis: r.basis,
      label: r.label,
      mandate: r.mandate,
      role: r.role,
      reason: r.reason,
      from: r.from.toISOString(),
      to: iso(r.to),
    })),
    walls: report.walls.map((w) => ({ user: w.user, reason: w.reason, from: w.from.toISOString(), to: iso(w.to), wholePeriod: w.wholePeriod })),
    didRead: report.didRead.map((r) => ({
      user: r.user,
      target: r.target,
      kind: r.kind,
      channels: r.channels,
      first: r.first.toISOString(),
      last: r.last.toISOString(),
      count: r.count,
    })),
  };
}

export type PresentedAccessReport = ReturnType<typeof presentAccessReport>;
