export { createAccessRecordService, type AccessRecordService } from "./service.ts";
export { hourOf, readOnceKey, type AccessActor, type AccessChannel, type AccessTarget } from "./record.ts";
export { accessReportToCsv } from "./csv.ts";
export { presentAccessReport, type PresentedAccessReport } from "./presenter.ts";
export { canViewAccessReport } from "./policy.ts";
export type { AccessReport } from "./report.ts";
