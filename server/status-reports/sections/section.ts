// What a status report section is (ADR 040): a file in this folder that exports one
// ReportSection, and one line in ./index.ts. `assemble` reads the mandate's data for the period
// (read-only, never writing) and returns its typed figures; `blocks` turns them into what every
// output shows (../blocks.ts). While a report is a draft both run on every view; at release both
// results are frozen into the snapshot.
import type { HolidayCalendarId } from "../../calendars/holiday-calendars.ts";
import type { Db } from "../../db/database.ts";
import type { PricingModel } from "../../kpis/types.ts";
import type { ReportBlock } from "../blocks.ts";
import type { ReportPeriod } from "../period.ts";

/** The mandate as every section gets it: loaded once, already authorised by the service. */
export type ReportMandate = {
  id: string;
  providerOrganizationId: string;
  clientOrganizationId: string;
  pricingModel: PricingModel;
  currency: string;
  budgetMinor: bigint;
  startDate: Date;
  targetDate: Date | null;
  serviceLevels: { deliverableType: string; turnaroundBusinessDays: number }[];
  /** Where its business days are counted (server/calendars, ADR 041). */
  timeZone: string;
  holidayCalendar: HolidayCalendarId;
};

export type SectionContext = { db: Db; mandate: ReportMandate; period: ReportPeriod; asOf: Date };

export type ReportSection<Key extends string, Data> = {
  key: Key;
  title: string;
  assemble(context: SectionContext): Promise<Data>;
  blocks(data: Data, context: Pick<SectionContext, "mandate" | "period">): ReportBlock[];
};

/** One section as assembled: its figures, and the blocks made of them. */
export type AssembledSection = { key: string; title: string; data: unknown; blocks: ReportBlock[] };

/** Runs one section for the context: its figures, then its blocks. */
export async function assembleSection<Key extends string, Data>(section: ReportSection<Key, Data>, context: SectionContext): Promise<AssembledSection> {
  const data = await section.assemble(context);
  return { key: section.key, title: section.title, data, blocks: section.blocks(data, context) };
}
