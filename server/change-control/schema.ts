import { z } from "zod";
import { DeliverableTypeSchema, IdSchema } from "../documents/schema.ts";
import { MONEY_MAX_MINOR } from "../mandates/money.ts";
import { DaySchema, blankToNull, textField } from "../validation.ts";

/**
 * Inputs of scope and change control (ADR 043): the engagement letter's assumptions on a
 * mandate, and change requests. Limits live here while the domain is young.
 */
export const ASSUMPTION_VOLUMES_MAX = 50;
export const OUT_OF_SCOPE_TYPES_MAX = 100;
export const ASSUMPTION_LIMIT_MAX = 10_000;
export const CHANGE_REQUEST_TITLE_MAX_LENGTH = 200;
export const CHANGE_REQUEST_TEXT_MAX_LENGTH = 5000;
export const CHANGE_REQUEST_SCOPE_MAX = 50;
/** How often the sweep looks for waits on the client past the response-time assumption. */
export const RESPONSE_TIME_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

const whole = (what: string, min: number) =>
  z
    .number({ error: `Give ${what} as a whole number.` })
    .int(`Give ${what} as a whole number.`)
    .min(min, `${what[0]!.toUpperCase()}${what.slice(1)} is at least ${min}.`)
    .max(ASSUMPTION_LIMIT_MAX, `Keep ${what} to ${ASSUMPTION_LIMIT_MAX}.`);

/** At most `maxPerMonth` deliverables of `deliverableType` (null: of any type) per calendar month of the mandate's time zone. */
export const VolumeAssumptionSchema = z.strictObject({
  deliverableType: z.preprocess(blankToNull, DeliverableTypeSchema.nullable()),
  maxPerMonth: whole("the monthly volume", 0),
});

/** The engagement's assumptions; every part optional (an empty object: none agreed). */
export const AssumptionsSchema = z
  .strictObject({
    volumes: z.array(VolumeAssumptionSchema, { error: "Give the volumes as a list." }).max(ASSUMPTION_VOLUMES_MAX, `Use at most ${ASSUMPTION_VOLUMES_MAX} volume assumptions.`).default([]),
    /** Business days (mandate calendar) a deliverable may wait on the client. */
    responseBusinessDays: z.preprocess(blankToNull, whole("the client response time", 1).nullable()).default(null),
    /** Deliveries of one deliverable: the first, and each redelivery after a rejection. */
    maxRounds: z.preprocess(blankToNull, whole("the number of rounds", 1).nullable()).default(null),
    outOfScopeTypes: z
      .array(DeliverableTypeSchema, { error: "Give the out-of-scope types as a list." })
      .max(OUT_OF_SCOPE_TYPES_MAX, `Name at most ${OUT_OF_SCOPE_TYPES_MAX} out-of-scope types.`)
      .default([]),
  })
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    a.volumes.forEach((v, i) => {
      const key = (v.deliverableType ?? "").toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["volumes", i, "deliverableType"], message: "Give one volume per deliverable type." });
      seen.add(key);
    });
  });
export type Assumptions = z.output<typeof AssumptionsSchema>;

/** What is stored (a mandate from before assumptions has `{}`): read leniently, as none agreed. */
export function readAssumptions(stored: unknown): Assumptions {
  const parsed = AssumptionsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : { volumes: [], responseBusinessDays: null, maxRounds: null, outOfScopeTypes: [] };
}

const ChangeScopeSchema = z
  .array(
    z.strictObject({
      deliverableType: DeliverableTypeSchema,
      count: z.number({ error: "Give the count as a whole number." }).int("Give the count as a whole number.").min(1, "Add at least one.").max(ASSUMPTION_LIMIT_MAX),
    }),
    { error: "Give the scope as a list of { deliverableType, count }." },
  )
  .max(CHANGE_REQUEST_SCOPE_MAX, `List at most ${CHANGE_REQUEST_SCOPE_MAX} scope lines.`);

const BudgetDeltaSchema = z
  .number({ error: "Give the fee change in minor units (a whole number)." })
  .int("Give the fee change in minor units (a whole number).")
  .min(-Number(MONEY_MAX_MINOR), "That amount is too large.")
  .max(Number(MONEY_MAX_MINOR), "That amount is too large.");

/** The fee change as text in major units ("-1,250.50"), parsed by the service against the mandate's currency. */
const BudgetDeltaTextSchema = textField({ error: "Give the fee change as text, like 1,250.50 or -500." }).trim().min(1, "Give an amount.").max(40, "That amount is too long.");

const TitleSchema = textField({ error: "Give a title." }).trim().min(1, "Give a title.").max(CHANGE_REQUEST_TITLE_MAX_LENGTH, `Keep the title to ${CHANGE_REQUEST_TITLE_MAX_LENGTH} characters.`);
const JustificationSchema = textField({ error: "Give the justification." })
  .trim()
  .min(1, "Say why the scope, fee or dates change.")
  .max(CHANGE_REQUEST_TEXT_MAX_LENGTH, `Keep the justification to ${CHANGE_REQUEST_TEXT_MAX_LENGTH} characters.`);

/** A new draft; with `fromBreachId`, what is not sent is prefilled from that breach. */
export const ChangeRequestDraftSchema = z.strictObject({
  fromBreachId: IdSchema.optional(),
  title: TitleSchema.optional(),
  justification: JustificationSchema.optional(),
  scope: ChangeScopeSchema.optional(),
  budgetDeltaMinor: BudgetDeltaSchema.optional(),
  budgetDelta: BudgetDeltaTextSchema.optional(),
  newTargetDate: z.preprocess(blankToNull, DaySchema.nullable().optional()),
});

/** Changes to a draft. */
export const ChangeRequestUpdateSchema = z.strictObject({
  title: TitleSchema.optional(),
  justification: JustificationSchema.optional(),
  scope: ChangeScopeSchema.optional(),
  budgetDeltaMinor: BudgetDeltaSchema.optional(),
  budgetDelta: BudgetDeltaTextSchema.optional(),
  newTargetDate: z.preprocess(blankToNull, DaySchema.nullable().optional()),
});

/** The client's decision; a decline says why. */
export const ChangeRequestDecisionSchema = z.discriminatedUnion(
  "decision",
  [
    z.strictObject({ decision: z.literal("APPROVED") }),
    z.strictObject({
      decision: z.literal("DECLINED"),
      reason: textField({ error: "Say why you decline." })
        .trim()
        .min(1, "Say why you decline.")
        .max(CHANGE_REQUEST_TEXT_MAX_LENGTH, `Keep the reason to ${CHANGE_REQUEST_TEXT_MAX_LENGTH} characters.`),
    }),
  ],
  { error: "Decide APPROVED, or DECLINED with a reason." },
);

export type ChangeScopeLine = z.output<typeof ChangeScopeSchema>[number];
export { IdSchema };
