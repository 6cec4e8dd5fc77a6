import { describe, expect, test } from "vitest";
import { allowedTransitions } from "../../../server/mandates/transitions.ts";
import { DELIVERABLE_STATUS_LABELS, deliverableMoveLabel, type DeliverableStatusKey } from "./labels";

describe("deliverableMoveLabel", () => {
  test("names each move into In progress by what it does", () => {
    expect(deliverableMoveLabel("NOT_STARTED", "IN_PROGRESS")).toBe("Start work");
    expect(deliverableMoveLabel("IN_REVIEW", "IN_PROGRESS")).toBe("Back to in progress");
    expect(deliverableMoveLabel("REJECTED", "IN_PROGRESS")).toBe("Start rework");
  });

  test("no two moves offered from one status share a label", () => {
    for (const from of Object.keys(DELIVERABLE_STATUS_LABELS) as DeliverableStatusKey[]) {
      const labels = allowedTransitions("deliverable", from).map((to) => deliverableMoveLabel(from, to as DeliverableStatusKey));
      expect(new Set(labels).size).toBe(labels.length);
    }
  });
});
