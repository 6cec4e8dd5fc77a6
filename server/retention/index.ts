export { createRetentionService, type RetentionService } from "./service.ts";
export { moveToTrash, restoreFromTrash, trashExpiresAt } from "./trash.ts";
export { assertDocumentNotHeld, assertNotHeld, purgeBlockers, retainedUntil, type PurgeBlocker } from "./rules.ts";
export { presentHold, presentPurgeReport, presentTrashItem, type PresentedHold, type PresentedTrashItem } from "./presenter.ts";
