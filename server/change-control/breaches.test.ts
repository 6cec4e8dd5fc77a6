import { describe, expect, test } from "vitest";
import { describeBreach, outOfScopeBreaches, responseTimeBreaches, roundBreaches, volumeBreaches, type WorkItem } from "./breaches.ts";
import { readAssumptions } from "./schema.ts";

const at = (iso: string) => new Date(iso);
const work = (id: string, type: string, createdAt: string, extra: Partial<WorkItem> = {}): WorkItem => ({
  id,
  title: `${type} ${id}`,
  type,
  status: "NOT_STARTED",
  createdAt: at(createdAt),
  requestedAt: null,
  ...extra,
});
const assumptions = (raw: unknown) => readAssumptions(raw);

describe("volumeBreaches", () => {
  const twoNdas = assumptions({ volumes: [{ deliverableType: "NDA", maxPerMonth: 2 }] });

  test("months are the mandate's local months: 31 January 23:30 in London is January, in Singapore February", () => {
    const items = [work("a", "NDA", "2027-01-05T10:00:00Z"), work("b", "NDA", "2027-01-20T10:00:00Z"), work("c", "NDA", "2027-01-31T23:30:00Z")];
    expect(volumeBreaches(twoNdas, "Europe/London", items, [items[2]!])).toMatchObject([{ period: "2027-01", counted: 3, limit: 2 }]);
    expect(volumeBreaches(twoNdas, "Asia/Singapore", items, [items[2]!])).toEqual([]);
  });

  test("a request counts from when it was made; declined requests and other types do not count; types match in any case", () => {
    const items = [
      work("a", "nda", "2027-02-01T10:00:00Z", { requestedAt: at("2027-01-28T10:00:00Z") }),
      work("b", "NDA", "2027-01-10T10:00:00Z"),
      work("c", "NDA", "2027-01-11T10:00:00Z", { status: "DECLINED" }),
      work("d", "MSA", "2027-01-12T10:00:00Z"),
      work("e", "NDA", "2027-01-29T10:00:00Z"),
    ];
    const [breach] = volumeBreaches(twoNdas, "Europe/London", items, [items[4]!]);
    expect(breach!.evidence.deliverables.map((d) => d.id)).toEqual(["b", "a", "e"]);
  });

  test("an any-type volume counts every type", () => {
    const any = assumptions({ volumes: [{ deliverableType: null, maxPerMonth: 1 }] });
    const items = [work("a", "NDA", "2027-01-05T10:00:00Z"), work("b", "MSA", "2027-01-06T10:00:00Z")];
    const breaches = volumeBreaches(any, "Europe/London", items, [items[1]!]);
    expect(breaches).toMatchObject([{ assumptionKey: "volume:*", counted: 2, limit: 1 }]);
    expect(describeBreach(breaches[0]!)).toBe("2 deliverables came in in January 2027, against an assumed 1 a month.");
  });
});

test("outOfScopeBreaches flags each arrived deliverable of a listed type", () => {
  const a = assumptions({ outOfScopeTypes: ["Litigation"] });
  expect(outOfScopeBreaches(a, [work("a", "litigation", "2027-01-05T10:00:00Z"), work("b", "NDA", "2027-01-05T10:00:00Z")])).toMatchObject([{ subject: "a", kind: "OUT_OF_SCOPE" }]);
});

test("roundBreaches counts deliveries past the rounds assumed", () => {
  const a = assumptions({ maxRounds: 2 });
  const d = work("a", "MSA", "2027-01-05T10:00:00Z");
  expect(roundBreaches(a, d, [at("2027-01-06T10:00:00Z"), at("2027-01-08T10:00:00Z")])).toEqual([]);
  expect(roundBreaches(a, d, [at("2027-01-12T10:00:00Z"), at("2027-01-06T10:00:00Z"), at("2027-01-08T10:00:00Z")])).toMatchObject([
    { counted: 3, limit: 2, evidence: { deliveries: ["2027-01-06T10:00:00.000Z", "2027-01-08T10:00:00.000Z", "2027-01-12T10:00:00.000Z"] } },
  ]);
});

test("responseTimeBreaches counts business days of the mandate's calendar: Scotland's 2 January holiday is not England's", () => {
  const a = assumptions({ responseBusinessDays: 3 });
  // Wednesday 30 December 2026 to Tuesday 5 January 2027: 31 Dec, (1 Jan holiday), 4 and 5 Jan in England = 3;
  // in Scotland 4 January (the substitute for 2 January) is a holiday too = 2.
  const wait = { id: "w", reason: "Sign-off", startedAt: at("2026-12-30T10:00:00Z"), endedAt: at("2027-01-05T10:00:00Z"), deliverable: { id: "a", title: "NDA a", type: "NDA" } };
  expect(responseTimeBreaches(a, { timeZone: "Europe/London", holidayCalendar: "GB-ENG" }, [wait], at("2027-01-10T00:00:00Z"))).toEqual([]);
  const tight = assumptions({ responseBusinessDays: 2 });
  expect(responseTimeBreaches(tight, { timeZone: "Europe/London", holidayCalendar: "GB-ENG" }, [wait], at("2027-01-10T00:00:00Z"))).toMatchObject([{ counted: 3 }]);
  expect(responseTimeBreaches(tight, { timeZone: "Europe/London", holidayCalendar: "GB-SCT" }, [wait], at("2027-01-10T00:00:00Z"))).toEqual([]);
  // Still open: counted to `at`.
  const open = { ...wait, endedAt: null };
  expect(responseTimeBreaches(tight, { timeZone: "Europe/London", holidayCalendar: "GB-ENG" }, [open], at("2027-01-06T12:00:00Z"))).toMatchObject([{ counted: 4, evidence: { wait: { endedAt: null } } }]);
});

test("readAssumptions reads a stored value that no longer parses as none agreed", () => {
  expect(readAssumptions({ volumes: "lots" })).toEqual({ volumes: [], responseBusinessDays: null, maxRounds: null, outOfScopeTypes: [] });
  expect(readAssumptions({})).toEqual({ volumes: [], responseBusinessDays: null, maxRounds: null, outOfScopeTypes: [] });
});
