import { describe, expect, test } from "vitest";
import { AppError } from "../errors.ts";
import {
  DELIVERABLE_STATUSES,
  DELIVERABLE_TRANSITIONS,
  MANDATE_STATUSES,
  MANDATE_TRANSITIONS,
  allowedTransitions,
  assertTransition,
  canTransition,
  timestampsFor,
} from "./transitions.ts";

describe("mandate transitions", () => {
  const allowed: Array<[string, string]> = [
    ["PROPOSED", "ACTIVE"],
    ["PROPOSED", "CANCELLED"],
    ["ACTIVE", "ON_HOLD"],
    ["ACTIVE", "COMPLETED"],
    ["ACTIVE", "CANCELLED"],
    ["ON_HOLD", "ACTIVE"],
    ["ON_HOLD", "CANCELLED"],
  ];
  const pairs = MANDATE_STATUSES.flatMap((from) => MANDATE_STATUSES.map((to) => [from, to] as const));

  test.each(pairs)("%s → %s follows the table", (from, to) => {
    const expected = allowed.some(([f, t]) => f === from && t === to);
    expect(canTransition("mandate", from, to)).toBe(expected);
    if (expected) expect(() => assertTransition("mandate", from, to)).not.toThrow();
    else expect(() => assertTransition("mandate", from, to)).toThrow(AppError);
  });

  test("COMPLETED and CANCELLED are final", () => {
    expect(MANDATE_TRANSITIONS.COMPLETED).toEqual([]);
    expect(MANDATE_TRANSITIONS.CANCELLED).toEqual([]);
  });

  test("a refusal is a 409 that names the allowed moves", () => {
    try {
      assertTransition("mandate", "PROPOSED", "COMPLETED");
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ status: 409, code: "invalid_transition", details: { from: "PROPOSED", to: "COMPLETED", allowed: ["ACTIVE", "CANCELLED"] } });
    }
    expect(() => assertTransition("mandate", "COMPLETED", "ACTIVE")).toThrow(/COMPLETED is final/);
  });

  test("a status does not move to itself", () => {
    for (const s of MANDATE_STATUSES) expect(canTransition("mandate", s, s)).toBe(false);
  });
});

describe("deliverable transitions", () => {
  test("the happy path and rework after a rejection", () => {
    const path = ["NOT_STARTED", "IN_PROGRESS", "IN_REVIEW", "DELIVERED", "REJECTED", "IN_PROGRESS", "DELIVERED", "ACCEPTED"] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition("deliverable", path[i - 1]!, path[i]!)).toBe(true);
  });

  test.each([
    ["NOT_STARTED", "DELIVERED"],
    ["NOT_STARTED", "ACCEPTED"],
    ["IN_PROGRESS", "ACCEPTED"],
    ["IN_REVIEW", "ACCEPTED"],
    ["DELIVERED", "IN_PROGRESS"],
    ["REJECTED", "ACCEPTED"],
    ["ACCEPTED", "REJECTED"],
    ["ACCEPTED", "IN_PROGRESS"],
  ] as const)("%s → %s is refused", (from, to) => {
    expect(() => assertTransition("deliverable", from, to)).toThrow(expect.objectContaining({ status: 409, code: "invalid_transition" }));
  });

  test("every status has an entry and only a declined request and ACCEPTED are final", () => {
    for (const s of DELIVERABLE_STATUSES) expect(DELIVERABLE_TRANSITIONS[s]).toBeDefined();
    expect(DELIVERABLE_STATUSES.filter((s) => allowedTransitions("deliverable", s).length === 0)).toEqual(["DECLINED", "ACCEPTED"]);
  });

  test("a client's request is accepted into the queue or declined; waiting on the client resumes work", () => {
    expect(canTransition("deliverable", "REQUESTED", "NOT_STARTED")).toBe(true);
    expect(canTransition("deliverable", "REQUESTED", "IN_PROGRESS")).toBe(false);
    expect(canTransition("deliverable", "REQUESTED", "DECLINED")).toBe(true);
    for (const from of ["NOT_STARTED", "IN_PROGRESS", "IN_REVIEW"] as const) expect(canTransition("deliverable", from, "WAITING_ON_CLIENT")).toBe(true);
    expect(canTransition("deliverable", "DELIVERED", "WAITING_ON_CLIENT")).toBe(false);
    expect(allowedTransitions("deliverable", "WAITING_ON_CLIENT")).toEqual(["IN_PROGRESS"]);
  });

  test("timestamps: startedAt and firstDeliveredAt keep the first entry, the others the latest move", () => {
    const t = new Date("2026-01-05T10:00:00Z");
    const none = { startedAt: null, firstDeliveredAt: null, deliveredAt: null };
    expect(timestampsFor("IN_PROGRESS", t, none)).toEqual({ startedAt: t, finalDeliveredAt: null });
    expect(timestampsFor("IN_PROGRESS", t, { ...none, startedAt: new Date(0) })).toEqual({ finalDeliveredAt: null });
    expect(timestampsFor("DELIVERED", t, none)).toEqual({ deliveredAt: t, firstDeliveredAt: t, finalDeliveredAt: t });
    expect(timestampsFor("REJECTED", t, none)).toEqual({ rejectedAt: t, finalDeliveredAt: null });
    expect(timestampsFor("IN_REVIEW", t, none)).toEqual({ reviewedAt: t, finalDeliveredAt: null });
    expect(timestampsFor("NOT_STARTED", t, none)).toEqual({ finalDeliveredAt: null });
  });

  test("timestamps: finalDeliveredAt follows getFinalDeliveryAt — redelivery moves it, acceptance keeps the delivery", () => {
    const first = new Date("2026-01-05T10:00:00Z");
    const again = new Date("2026-01-09T10:00:00Z");
    const accepted = new Date("2026-01-12T10:00:00Z");
    // Delivered, rejected, redelivered: the first delivery stays, the final one is the redelivery.
    expect(timestampsFor("DELIVERED", again, { startedAt: null, firstDeliveredAt: first, deliveredAt: first })).toEqual({
      deliveredAt: again,
      finalDeliveredAt: again,
    });
    // Accepted after a delivery: the delivery counts, not the acceptance.
    expect(timestampsFor("ACCEPTED", accepted, { startedAt: null, firstDeliveredAt: first, deliveredAt: again })).toEqual({
      acceptedAt: accepted,
      finalDeliveredAt: again,
    });
    // Accepted without a recorded delivery (data from before the history): the acceptance counts.
    expect(timestampsFor("ACCEPTED", accepted, { startedAt: null, firstDeliveredAt: null, deliveredAt: null })).toEqual({
      acceptedAt: accepted,
      finalDeliveredAt: accepted,
    });
  });
});
