// Builders for hand-written KPI fixtures: only what a test states differs from these defaults.
import type { DeliverableInput, DeliverableStatus, MandateInput } from "./types.ts";

/** "2026-03-02 09:00" (read as UTC) → Date. */
export const at = (text: string): Date => new Date(`${text.replace(" ", "T")}${text.length > 10 ? "" : "T00:00"}:00Z`);

export function buildMandate(overrides: Partial<MandateInput> & { id: string }): MandateInput {
  return {
    clientOrganizationId: "org-1",
    pricingModel: "FIXED_PER_DELIVERABLE",
    currency: "EUR",
    budgetMinor: 100_000,
    startDate: at("2026-03-02"),
    targetDate: at("2026-03-06"),
    serviceLevels: [],
    ...overrides,
  };
}

/** `history` is [status, "YYYY-MM-DD HH:MM"] pairs; the current status defaults to the last one. */
export function buildDeliverable(
  overrides: Partial<Omit<DeliverableInput, "statusChanges">> & { id: string; history?: [DeliverableStatus, string][] },
): DeliverableInput {
  const { history = [], ...rest } = overrides;
  const statusChanges = history.map(([to, when]) => ({ to, at: at(when) }));
  return {
    mandateId: "m1",
    type: "memo",
    status: statusChanges.at(-1)?.to ?? "NOT_STARTED",
    dueDate: at("2026-03-06"),
    feeMinor: 0,
    costMinor: null,
    createdAt: at("2026-03-01"),
    statusChanges,
    ...rest,
  };
}
