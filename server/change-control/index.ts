export { createChangeControlService, type ChangeControlService, type WorkEvent } from "./service.ts";
export type { PresentedBreach, PresentedChangeRequest } from "./presenter.ts";
export { readAssumptions, type Assumptions } from "./schema.ts";
