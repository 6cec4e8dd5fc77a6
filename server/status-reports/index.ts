// Monthly status reports and the mandate's risk, issue and decision log (ADR 040).
export { createStatusReportService, statusReportPath, type StatusReportService } from "./service.ts";
export { createMandateLog, presentLogEntry, type MandateLog, type PresentedLogEntry } from "./mandate-log.ts";
export { presentReport, presentReportSummary, type PresentedReport, type PresentedReportSummary } from "./presenter.ts";
export { reportToDocx } from "./docx.ts";
export { reportToPrintHtml } from "./print-html.ts";
export type { ReportSnapshot } from "./snapshot.ts";
export type { ReportBlock, BarChart } from "./blocks.ts";
