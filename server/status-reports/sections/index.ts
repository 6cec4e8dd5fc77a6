// The sections of a monthly status report, in the order it shows them. Adding one: a file in this
// folder exporting a ReportSection (./section.ts), and one line here (ADR 040).
import { budgetSection } from "./budget.ts";
import { changesSection } from "./changes.ts";
import { deliveriesSection } from "./deliveries.ts";
import { logSection } from "./log.ts";
import { negotiationsSection } from "./negotiations.ts";
import { waitingSection } from "./waiting.ts";

export const REPORT_SECTIONS = [
  deliveriesSection,
  waitingSection,
  budgetSection,
  changesSection,
  logSection,
  negotiationsSection,
] as const;

export { assembleSection, type AssembledSection, type ReportMandate, type ReportSection, type SectionContext } from "./section.ts";
