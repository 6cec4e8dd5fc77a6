import { z } from "zod";
import { DaySchema, blankToNull, blankToUndefined, textField } from "../validation.ts";
import { IdSchema } from "../mandates/schema.ts";

/** Inputs of the status reports and the mandate's log (ADR 005: services parse their own input; ADR 040). */
export const REPORT_TEXT_MAX_LENGTH = 5000;
export const LOG_TITLE_MAX_LENGTH = 200;
export const LOG_DETAIL_MAX_LENGTH = 2000;
/** Log entries shown on a mandate (newest first); a report reads its period's whole. */
export const LOG_ENTRIES_SHOWN_MAX = 500;

export { IdSchema };

/** "2026-11": a calendar month, from 2000 on. */
export const PeriodSchema = textField({ error: "Give the month as YYYY-MM." })
  .trim()
  .regex(/^(2\d{3})-(0[1-9]|1[0-2])$/, "Give the month as YYYY-MM.");

const longText = (what: string) =>
  textField({ error: `Give ${what} as text.` })
    .trim()
    .max(REPORT_TEXT_MAX_LENGTH, `Keep ${what} to ${REPORT_TEXT_MAX_LENGTH} characters.`);

export const RAG_STATUSES = ["RED", "AMBER", "GREEN"] as const;

export const ReportCreateSchema = z.object({ period: PeriodSchema }).strict();

export const ReportUpdateSchema = z
  .object({
    rag: z.preprocess(blankToNull, z.enum(RAG_STATUSES, { error: "Choose red, amber or green." }).nullable().optional()),
    ragReasons: longText("the reasons for the status").optional(),
    wentWell: longText("what went well").optional(),
    wentBadly: longText("what did not go well").optional(),
    nextSteps: longText("the next steps").optional(),
  })
  .strict();

export const ReportReturnSchema = z.object({ note: longText("why it goes back").min(1, "Say what needs changing.") }).strict();

export const LOG_KINDS = ["RISK", "ISSUE", "DECISION"] as const;

const LogTitleSchema = textField({ error: "Give a title." })
  .trim()
  .min(1, "Give a title.")
  .max(LOG_TITLE_MAX_LENGTH, `Keep the title to ${LOG_TITLE_MAX_LENGTH} characters.`);
const LogDetailSchema = textField({ error: "Give the detail as text." }).trim().max(LOG_DETAIL_MAX_LENGTH, `Keep the detail to ${LOG_DETAIL_MAX_LENGTH} characters.`);

export const LogEntryCreateSchema = z
  .object({
    kind: z.enum(LOG_KINDS, { error: "Choose a risk, an issue or a decision." }),
    title: LogTitleSchema,
    detail: LogDetailSchema.optional(),
    ownerId: z.preprocess(blankToUndefined, IdSchema.optional()),
    raisedOn: DaySchema,
    dueOn: z.preprocess(blankToNull, DaySchema.nullable().optional()),
  })
  .strict();

export const LogEntryUpdateSchema = z
  .object({
    title: LogTitleSchema.optional(),
    detail: LogDetailSchema.optional(),
    ownerId: z.preprocess(blankToNull, IdSchema.nullable().optional()),
    dueOn: z.preprocess(blankToNull, DaySchema.nullable().optional()),
    status: z.enum(["OPEN", "CLOSED"], { error: "Choose open or closed." }).optional(),
    /** When it was closed; today when closing without one. */
    closedOn: z.preprocess(blankToNull, DaySchema.nullable().optional()),
  })
  .strict();
