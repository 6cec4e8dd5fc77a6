export { createOutcomeService, outcomesPath, type OutcomeCounts, type OutcomeService, type Checklist } from "./service.ts";
export { presentChecklist, nobodyHoldsMessage, type PresentedChecklist, type PresentedPosition } from "./presenter.ts";
export { approverFor, titleHoldsRole, isClientRole, roleHolders } from "./approvers.ts";
export { pendingApprovalsOf, assertApprovalsSettled, outcomesOnRecord, type OutcomeOnRecord } from "./pending.ts";
export { OUTCOME_KINDS, type OutcomeKindName } from "./schema.ts";
