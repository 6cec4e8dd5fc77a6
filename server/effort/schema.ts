import { z } from "zod";
import { IdSchema } from "../documents/schema.ts";
import { CurrencySchema, MinorSchema } from "../mandates/schema.ts";
import { DaySchema, blankToNull, blankToUndefined, textField } from "../validation.ts";
import { TASK_CODE_KEYS } from "./task-codes.ts";

/** Inputs of time entries and rate cards (ADR 005: services parse their own input; ADR 039). */

/** One person's time on one day, over every deliverable: a day has 24 hours. */
export const MINUTES_PER_DAY_MAX = 24 * 60;
export const TIME_ENTRY_NOTE_MAX_LENGTH = 1000;
export const RATE_CARD_ROLE_MAX_LENGTH = 120;
export const TIME_ENTRIES_LIST_MAX = 2000;

const MinutesSchema = z
  .number({ error: "Give the time in minutes." })
  .int("Give the time in whole minutes.")
  .min(1, "Time is at least one minute.")
  .max(MINUTES_PER_DAY_MAX, "A day has 24 hours (1440 minutes).");
const TaskCodeSchema = z.enum(TASK_CODE_KEYS, { error: `Choose a task: ${TASK_CODE_KEYS.join(", ")}.` });
const NoteSchema = textField({ error: "The note is text." }).trim().max(TIME_ENTRY_NOTE_MAX_LENGTH, `Keep the note to ${TIME_ENTRY_NOTE_MAX_LENGTH} characters.`);

export const TimeEntryCreateSchema = z.strictObject({
  /** Whose time: the viewer's own unless given (a PM or admin enters for others). */
  userId: z.preprocess(blankToUndefined, IdSchema.optional()),
  date: DaySchema,
  minutes: MinutesSchema,
  taskCode: TaskCodeSchema,
  note: z.preprocess(blankToUndefined, NoteSchema.optional()).transform((v) => v ?? ""),
});
export type TimeEntryCreate = z.infer<typeof TimeEntryCreateSchema>;

export const TimeEntryUpdateSchema = z.strictObject({
  userId: z.preprocess(blankToUndefined, IdSchema.optional()),
  date: DaySchema.optional(),
  minutes: MinutesSchema.optional(),
  taskCode: TaskCodeSchema.optional(),
  note: NoteSchema.optional(),
});

const RoleSchema = textField({ error: "Give the role, as people's job titles write it." })
  .trim()
  .min(1, "Give the role, as people's job titles write it.")
  .max(RATE_CARD_ROLE_MAX_LENGTH, `Keep the role to ${RATE_CARD_ROLE_MAX_LENGTH} characters.`);
const RateTextSchema = textField({ error: "Give the hourly rate as text, like 120.00." }).trim().min(1, "Give the hourly rate.").max(40, "That rate is too long.");

const validRange = (input: { validFrom?: Date; validTo?: Date | null }, ctx: z.RefinementCtx) => {
  if (input.validFrom && input.validTo && input.validTo < input.validFrom) {
    ctx.addIssue({ code: "custom", path: ["validTo"], message: "The card cannot end before it starts." });
  }
};
const bothRates = (input: { hourlyRate?: string; hourlyRateMinor?: number }, ctx: z.RefinementCtx) => {
  if (input.hourlyRate !== undefined && input.hourlyRateMinor !== undefined) {
    ctx.addIssue({ code: "custom", path: ["hourlyRateMinor"], message: "Send hourlyRate or hourlyRateMinor, not both." });
  }
};

export const RateCardCreateSchema = z
  .strictObject({
    role: RoleSchema,
    currency: CurrencySchema,
    /** Major units as text ("120.50"), or minor units. */
    hourlyRate: z.preprocess(blankToUndefined, RateTextSchema.optional()),
    hourlyRateMinor: MinorSchema.optional(),
    validFrom: DaySchema,
    /** The last day it applies; none: until further notice. */
    validTo: z.preprocess(blankToNull, DaySchema.nullable().optional()).transform((v) => v ?? null),
  })
  .superRefine(validRange)
  .superRefine(bothRates)
  .superRefine((input, ctx) => {
    if (input.hourlyRate === undefined && input.hourlyRateMinor === undefined) ctx.addIssue({ code: "custom", path: ["hourlyRate"], message: "Give the hourly rate." });
  });
export type RateCardCreate = z.infer<typeof RateCardCreateSchema>;

export const RateCardUpdateSchema = z
  .strictObject({
    role: RoleSchema.optional(),
    currency: CurrencySchema.optional(),
    hourlyRate: z.preprocess(blankToUndefined, RateTextSchema.optional()),
    hourlyRateMinor: MinorSchema.optional(),
    validFrom: DaySchema.optional(),
    validTo: z.preprocess(blankToNull, DaySchema.nullable().optional()),
  })
  .superRefine(bothRates);

export { IdSchema };
