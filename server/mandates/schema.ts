import { z } from "zod";
import { DaySchema, blankToNull, blankToUndefined, enumFilter, pageSchema, pageSizeSchema, textField } from "../validation.ts";
import { DeliverableTypeSchema, IdSchema } from "../documents/schema.ts";
import { MONEY_MAX_MINOR, isCurrency } from "./money.ts";
import { DELIVERABLE_STATUSES, MANDATE_STATUSES } from "./transitions.ts";
import { EffectiveAtSchema } from "../sla/schema.ts";
import { HOLIDAY_CALENDAR_IDS, isTimeZone } from "../calendars/index.ts";
import { DeemedAcceptanceDaysSchema } from "../requests/schema.ts";

/**
 * Inputs of the mandates domain (ADR 005: services parse their own input). Amounts arrive as
 * text in major units ("1,250.50", parsed per currency by the service, which knows the
 * mandate's currency) or as integer minor units (`…Minor`); never both.
 *
 * Limits live here rather than in server/config.ts while this domain is young (ADR 009).
 */
export const MANDATE_TITLE_MAX_LENGTH = 200;
export const MANDATE_REFERENCE_MAX_LENGTH = 40;
export const MANDATE_DESCRIPTION_MAX_LENGTH = 5000;
export const MANDATE_MEMBERS_MAX = 50;
export const MANDATE_SERVICE_LEVELS_MAX = 50;
/** Deliverables added in one request (a list, or a toolkit's suggestions). */
export const DELIVERABLES_PER_REQUEST_MAX = 100;
/** Deliverables shown with a mandate; the rest are paged by the UI later. */
export const MANDATE_DELIVERABLES_MAX = 1000;
export const MANDATE_LIST_PAGE_SIZE = 25;
export const MANDATE_LIST_PAGE_SIZE_MAX = 100;
export const ACTIVITY_LIMIT_MAX = 200;
export const DELIVERED_CHANGE_REASON_MAX_LENGTH = 2000;
export const TURNAROUND_BUSINESS_DAYS_MAX = 365;

export { IdSchema };


export const MandateStatusSchema = z.enum(MANDATE_STATUSES, { error: "Choose a status: proposed, active, on hold, completed or cancelled." });
export const DeliverableStatusSchema = z.enum(DELIVERABLE_STATUSES, {
  error: "Choose a status: not started, in progress, in review, waiting on client, delivered, accepted or rejected.",
});

/** The mandate's working calendar (ADR 041): the SLA clock counts its local business days. */
const TimeZoneSchema = textField({ error: "Give the time zone as an IANA name, like Europe/London." })
  .trim()
  .refine(isTimeZone, "Give the time zone as an IANA name, like Europe/London.");
const HolidayCalendarSchema = z.enum(HOLIDAY_CALENDAR_IDS, { error: `Choose a holiday calendar: ${HOLIDAY_CALENDAR_IDS.join(", ")}.` });
export const PRICING_MODELS = ["FIXED_PER_DELIVERABLE", "FIXED_PER_PERIOD", "CAPPED"] as const;
export const PricingModelSchema = z.enum(PRICING_MODELS, { error: "Choose a pricing model: fixed per deliverable, fixed per period or capped." });
export type PricingModel = z.infer<typeof PricingModelSchema>;

export const CurrencySchema = textField({ error: "Give the currency as an ISO 4217 code (EUR, GBP, USD…)." })
  .trim()
  .transform((v) => v.toUpperCase())
  .refine(isCurrency, "Give the currency as an ISO 4217 code (EUR, GBP, USD…).");

/** Major units as text; parsed by the service against the currency. */
const AmountTextSchema = textField({ error: "Give the amount as text, like 1,250.50." }).trim().min(1, "Give an amount.").max(40, "That amount is too long.");
/** Integer minor units, never negative. */
export const MinorSchema = z
  .number({ error: "Give the amount in minor units (a whole number)." })
  .int("Give the amount in minor units (a whole number).")
  .min(0, "The amount cannot be negative.")
  .max(Number(MONEY_MAX_MINOR), "That amount is too large.");

const TitleSchema = textField({ error: "Give a title." })
  .trim()
  .min(1, "Give a title.")
  .max(MANDATE_TITLE_MAX_LENGTH, `Keep the title to ${MANDATE_TITLE_MAX_LENGTH} characters.`);
const ReferenceSchema = textField({ error: "Give a reference." })
  .trim()
  .min(1, "Give a reference.")
  .max(MANDATE_REFERENCE_MAX_LENGTH, `Keep the reference to ${MANDATE_REFERENCE_MAX_LENGTH} characters.`)
  .regex(/^[\w./ -]+$/, "Use letters, digits, spaces and - _ . / in the reference.");
const DescriptionSchema = textField({ error: "The description is text." })
  .trim()
  .max(MANDATE_DESCRIPTION_MAX_LENGTH, `Keep the description to ${MANDATE_DESCRIPTION_MAX_LENGTH} characters.`);

/** Turnaround promised per deliverable type, in business days from start of work to delivery. */
export const ServiceLevelSchema = z.strictObject({
  deliverableType: DeliverableTypeSchema,
  turnaroundBusinessDays: z
    .number({ error: "Give the turnaround in business days." })
    .int("Give the turnaround in whole business days.")
    .min(1, "A turnaround is at least one business day.")
    .max(TURNAROUND_BUSINESS_DAYS_MAX, `Keep the turnaround to ${TURNAROUND_BUSINESS_DAYS_MAX} business days.`),
});
export const ServiceLevelsSchema = z
  .array(ServiceLevelSchema, { error: "Give the service levels as a list." })
  .max(MANDATE_SERVICE_LEVELS_MAX, `Use at most ${MANDATE_SERVICE_LEVELS_MAX} service levels.`)
  .superRefine((levels, ctx) => {
    const seen = new Set<string>();
    levels.forEach((l, index) => {
      const key = l.deliverableType.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: [index, "deliverableType"], message: "This type already has a service level." });
      seen.add(key);
    });
  });
export type ServiceLevel = z.infer<typeof ServiceLevelSchema>;

const MemberIdsSchema = z
  .array(IdSchema, { error: "Give the team as a list of user ids." })
  .max(MANDATE_MEMBERS_MAX, `A team has at most ${MANDATE_MEMBERS_MAX} members.`)
  .transform((ids) => [...new Set(ids)]);

const oneOf = (a: string, b: string) => (input: Record<string, unknown>, ctx: z.RefinementCtx) => {
  if (input[a] !== undefined && input[b] !== undefined) ctx.addIssue({ code: "custom", path: [b], message: `Send ${a} or ${b}, not both.` });
};

export const MandateCreateSchema = z
  .strictObject({
    clientOrganizationId: IdSchema,
    title: TitleSchema,
    reference: ReferenceSchema,
    description: z.preprocess(blankToUndefined, DescriptionSchema.optional()).transform((v) => v ?? ""),
    /** Defaults to the creator. */
    projectManagerId: z.preprocess(blankToUndefined, IdSchema.optional()),
    memberIds: MemberIdsSchema.optional().transform((v) => v ?? []),
    status: z
      .preprocess(blankToUndefined, z.enum(["PROPOSED", "ACTIVE"], { error: "A new mandate is proposed or active." }).optional())
      .transform((v) => v ?? "PROPOSED"),
    pricingModel: PricingModelSchema,
    currency: CurrencySchema,
    budget: AmountTextSchema.optional(),
    budgetMinor: MinorSchema.optional(),
    startDate: DaySchema,
    targetDate: z.preprocess(blankToNull, DaySchema.nullable().optional()),
    serviceLevels: ServiceLevelsSchema.optional().transform((v) => v ?? []),
    timeZone: z.preprocess(blankToUndefined, TimeZoneSchema.optional()),
    holidayCalendar: z.preprocess(blankToUndefined, HolidayCalendarSchema.optional()),
    /** Business days after a delivery the client's silence counts as acceptance (ADR 042); 5 when absent. */
    deemedAcceptanceBusinessDays: DeemedAcceptanceDaysSchema.optional(),
    /** Start from this mandate: its team, service levels and mandate-level resource links are copied. */
    fromMandateId: z.preprocess(blankToUndefined, IdSchema.optional()),
  })
  .superRefine(oneOf("budget", "budgetMinor"))
  .superRefine((input, ctx) => {
    if (input.budget === undefined && input.budgetMinor === undefined) {
      ctx.addIssue({ code: "custom", path: ["budget"], message: "Give the agreed budget." });
    }
    if (input.targetDate && input.targetDate < input.startDate) {
      ctx.addIssue({ code: "custom", path: ["targetDate"], message: "The target date cannot be before the start date." });
    }
  });
export type MandateCreateInput = z.infer<typeof MandateCreateSchema>;

/** A PATCH: only the fields sent change. `null` clears the optional ones. */
export const MandateUpdateSchema = z
  .strictObject({
    title: TitleSchema.optional(),
    reference: ReferenceSchema.optional(),
    description: DescriptionSchema.optional(),
    projectManagerId: IdSchema.optional(),
    memberIds: MemberIdsSchema.optional(),
    status: MandateStatusSchema.optional(),
    pricingModel: PricingModelSchema.optional(),
    currency: CurrencySchema.optional(),
    budget: AmountTextSchema.optional(),
    budgetMinor: MinorSchema.optional(),
    startDate: DaySchema.optional(),
    targetDate: z.preprocess(blankToNull, DaySchema.nullable().optional()),
    serviceLevels: ServiceLevelsSchema.optional(),
    timeZone: TimeZoneSchema.optional(),
    holidayCalendar: HolidayCalendarSchema.optional(),
    deemedAcceptanceBusinessDays: DeemedAcceptanceDaysSchema.optional(),
  })
  .superRefine(oneOf("budget", "budgetMinor"))
  .refine((input) => Object.values(input).some((v) => v !== undefined), { message: "Send at least one field to change." });
export type MandateUpdateInput = z.infer<typeof MandateUpdateSchema>;

export const DeliverableInputSchema = z
  .strictObject({
    title: TitleSchema,
    type: DeliverableTypeSchema,
    description: z.preprocess(blankToUndefined, DescriptionSchema.optional()).transform((v) => v ?? ""),
    ownerId: z.preprocess(blankToUndefined, IdSchema.optional()),
    dueDate: z.preprocess(blankToNull, DaySchema.nullable().optional()),
    fee: AmountTextSchema.optional(),
    feeMinor: MinorSchema.optional(),
  })
  .superRefine(oneOf("fee", "feeMinor"));
export type DeliverableInput = z.infer<typeof DeliverableInputSchema>;

export const DeliverableListSchema = z.strictObject({
  deliverables: z
    .array(DeliverableInputSchema, { error: "Give the deliverables as a list." })
    .min(1, "Give at least one deliverable.")
    .max(DELIVERABLES_PER_REQUEST_MAX, `Add at most ${DELIVERABLES_PER_REQUEST_MAX} deliverables at once.`),
});

/** Deliverables from a toolkit's suggestions (its templates; ADR 009), with shared defaults. */
export const DeliverablesFromToolkitSchema = z.strictObject({
  fromToolkit: z
    .strictObject({
      toolkitId: IdSchema,
      /** A subset of the suggestions (template document ids); all of them when absent. */
      documentIds: z.array(IdSchema).min(1, "Choose at least one suggestion.").max(DELIVERABLES_PER_REQUEST_MAX).optional(),
      ownerId: z.preprocess(blankToUndefined, IdSchema.optional()),
      dueDate: z.preprocess(blankToNull, DaySchema.nullable().optional()),
      fee: AmountTextSchema.optional(),
      feeMinor: MinorSchema.optional(),
    })
    .superRefine(oneOf("fee", "feeMinor")),
});

export const DeliverableUpdateSchema = z
  .strictObject({
    title: TitleSchema.optional(),
    type: DeliverableTypeSchema.optional(),
    description: DescriptionSchema.optional(),
    ownerId: IdSchema.nullable().optional(),
    dueDate: z.preprocess(blankToNull, DaySchema.nullable().optional()),
    fee: AmountTextSchema.optional(),
    feeMinor: MinorSchema.optional(),
    status: DeliverableStatusSchema.optional(),
    /** Why: required to move a due date (ADR 041) and to put the deliverable into Waiting on client (shown to the client); kept on record. */
    reason: z.preprocess(
      blankToUndefined,
      textField({ error: "The reason is text." }).trim().max(DELIVERED_CHANGE_REASON_MAX_LENGTH, `Keep the reason under ${DELIVERED_CHANGE_REASON_MAX_LENGTH} characters.`).optional(),
    ),
    /** With status WAITING_ON_CLIENT: when the wait began, when the PM records it late (ADR 041). */
    since: EffectiveAtSchema,
    /** With status IN_PROGRESS from WAITING_ON_CLIENT: when the client answered, when recorded late. */
    answeredAt: EffectiveAtSchema,
  })
  .superRefine(oneOf("fee", "feeMinor"))
  .refine((input) => Object.entries(input).some(([k, v]) => k !== "reason" && k !== "since" && k !== "answeredAt" && v !== undefined), {
    message: "Send at least one field to change.",
  });
export type DeliverableUpdateInput = z.infer<typeof DeliverableUpdateSchema>;

export const ResourceAttachSchema = z.strictObject({
  documentId: IdSchema,
  deliverableId: z.preprocess(blankToUndefined, IdSchema.optional()),
});

export const MandateListQuerySchema = z.object({
  status: z.preprocess(blankToUndefined, enumFilter(MandateStatusSchema).optional()),
  client: z.preprocess(blankToUndefined, IdSchema.optional()),
  q: z.preprocess(blankToUndefined, textField().trim().max(200, "Keep the search to 200 characters.").optional()),
  page: pageSchema(),
  pageSize: pageSizeSchema("mandates", { fallback: MANDATE_LIST_PAGE_SIZE, max: MANDATE_LIST_PAGE_SIZE_MAX }),
});

export const ActivityQuerySchema = z.object({
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(ACTIVITY_LIMIT_MAX).default(50)),
});

export const DocumentIdsSchema = z.array(IdSchema).max(1000);
