// What counts as going past an assumption (ADR 043). Pure functions over plain rows: the
// service loads them and stores what these return, once per (assumption, subject, period).
import { businessDaysBetween, localDayKey, type WorkingCalendar } from "../calendars/index.ts";
import type { AssumptionKind } from "../db/generated/client.ts";
import type { Assumptions } from "./schema.ts";

export type WorkItem = { id: string; title: string; type: string; status: string; createdAt: Date; requestedAt: Date | null };
export type WaitSpan = { id: string; reason: string; startedAt: Date; endedAt: Date | null; deliverable: { id: string; title: string; type: string } };

export type BreachDraft = {
  kind: AssumptionKind;
  assumptionKey: string;
  subject: string;
  period: string;
  counted: number;
  limit: number;
  evidence: BreachEvidence;
};

export type BreachEvidence = {
  /** The deliverables counted (volume, out of scope, rounds) or waiting (response time). */
  deliverables: Array<{ id: string; title: string; type: string; at: string }>;
  /** Response time: the wait span and its business days. */
  wait?: { id: string; reason: string; startedAt: string; endedAt: string | null; businessDays: number };
  /** Rounds: every delivery of the deliverable, oldest first. */
  deliveries?: string[];
};

/** When work came in: a client's request, or its creation for work the provider added. */
const cameInAt = (d: WorkItem) => d.requestedAt ?? d.createdAt;
const sameType = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const evidenceOf = (d: WorkItem) => ({ id: d.id, title: d.title, type: d.type, at: cameInAt(d).toISOString() });

/**
 * Each volume assumption exceeded in a month some of `arrived` came in: the deliverables of that
 * type (or of any type) that came in that calendar month of the mandate's time zone, declined
 * requests left out (no work was taken on), against the limit.
 */
export function volumeBreaches(assumptions: Assumptions, timeZone: string, work: readonly WorkItem[], arrived: readonly WorkItem[]): BreachDraft[] {
  const drafts: BreachDraft[] = [];
  const monthOf = (d: WorkItem) => localDayKey(cameInAt(d), timeZone).slice(0, 7);
  for (const volume of assumptions.volumes) {
    const matches = (d: WorkItem) => d.status !== "DECLINED" && (volume.deliverableType === null || sameType(d.type, volume.deliverableType));
    const months = new Set(arrived.filter(matches).map(monthOf));
    for (const month of months) {
      const counted = work.filter((d) => matches(d) && monthOf(d) === month).sort((a, b) => cameInAt(a).getTime() - cameInAt(b).getTime() || a.id.localeCompare(b.id));
      if (counted.length <= volume.maxPerMonth) continue;
      drafts.push({
        kind: "VOLUME",
        assumptionKey: `volume:${volume.deliverableType ?? "*"}`,
        subject: "",
        period: month,
        counted: counted.length,
        limit: volume.maxPerMonth,
        evidence: { deliverables: counted.map(evidenceOf) },
      });
    }
  }
  return drafts;
}

/** Each arrived deliverable whose type the engagement leaves out. */
export function outOfScopeBreaches(assumptions: Assumptions, arrived: readonly WorkItem[]): BreachDraft[] {
  return arrived
    .filter((d) => d.status !== "DECLINED" && assumptions.outOfScopeTypes.some((t) => sameType(t, d.type)))
    .map((d) => ({ kind: "OUT_OF_SCOPE", assumptionKey: "out-of-scope", subject: d.id, period: "", counted: 1, limit: 0, evidence: { deliverables: [evidenceOf(d)] } }));
}

/** A deliverable delivered more often than the rounds assumed: each redelivery after a rejection is a round. */
export function roundBreaches(assumptions: Assumptions, deliverable: WorkItem, deliveries: readonly Date[]): BreachDraft[] {
  const limit = assumptions.maxRounds;
  if (limit === null || deliveries.length <= limit) return [];
  const sorted = [...deliveries].sort((a, b) => a.getTime() - b.getTime());
  return [
    {
      kind: "ROUNDS",
      assumptionKey: "rounds",
      subject: deliverable.id,
      period: "",
      counted: sorted.length,
      limit,
      evidence: { deliverables: [evidenceOf(deliverable)], deliveries: sorted.map((d) => d.toISOString()) },
    },
  ];
}

/**
 * Each wait on the client (ended, or still open at `at`) longer than the response time assumed,
 * in business days of the mandate's calendar (server/calendars: the days after it started, up to
 * the day it ended).
 */
export function responseTimeBreaches(assumptions: Assumptions, calendar: WorkingCalendar, waits: readonly WaitSpan[], at: Date): BreachDraft[] {
  const limit = assumptions.responseBusinessDays;
  if (limit === null) return [];
  return waits.flatMap((w) => {
    const end = w.endedAt ?? at;
    if (end < w.startedAt) return [];
    const businessDays = businessDaysBetween(w.startedAt, end, calendar);
    if (businessDays <= limit) return [];
    return [
      {
        kind: "RESPONSE_TIME" as const,
        assumptionKey: "response-time",
        subject: w.id,
        period: "",
        counted: businessDays,
        limit,
        evidence: {
          deliverables: [{ id: w.deliverable.id, title: w.deliverable.title, type: w.deliverable.type, at: w.startedAt.toISOString() }],
          wait: { id: w.id, reason: w.reason, startedAt: w.startedAt.toISOString(), endedAt: w.endedAt?.toISOString() ?? null, businessDays },
        },
      },
    ];
  });
}

const MONTH = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const monthName = (period: string) => MONTH.format(new Date(`${period}-01T00:00:00Z`));

/** One sentence a PM (and, once a change request cites it, the client) reads. */
export function describeBreach(b: Pick<BreachDraft, "kind" | "assumptionKey" | "period" | "counted" | "limit" | "evidence">): string {
  const first = b.evidence.deliverables[0];
  switch (b.kind) {
    case "VOLUME": {
      const type = b.assumptionKey.slice("volume:".length);
      const what = type === "*" ? "deliverables" : `“${type}” deliverables`;
      return `${b.counted} ${what} came in in ${monthName(b.period)}, against an assumed ${b.limit} a month.`;
    }
    case "OUT_OF_SCOPE":
      return `“${first?.title ?? ""}” is a ${first?.type ?? ""}: a type the engagement leaves out of scope.`;
    case "ROUNDS":
      return `“${first?.title ?? ""}” was delivered ${b.counted} times, against an assumed ${b.limit} round${b.limit === 1 ? "" : "s"}.`;
    case "RESPONSE_TIME":
      return `“${first?.title ?? ""}” waited on the client ${b.counted} business days, against an assumed response time of ${b.limit}.`;
  }
}
