import { z } from "zod";
import { DeliverableTypeSchema, IdSchema } from "../documents/schema.ts";
import { DaySchema, blankToNull, blankToUndefined, textField } from "../validation.ts";

/**
 * Inputs of client requests and client acceptance (ADR 042; ADR 005: services parse their own
 * input). Multipart fields arrive as text, so blanks count as not given.
 */
export const REQUEST_DESCRIPTION_MAX_LENGTH = 5000;
export const REQUEST_TITLE_MAX_LENGTH = 200;
export const COUNTERPARTY_MAX_LENGTH = 200;
export const GUIDANCE_MAX_LENGTH = 2000;
export const DECISION_REASON_MAX_LENGTH = 2000;
export const REQUEST_FORMS_MAX = 50;
/** Files one request may carry (each also within the upload limits of server/config.ts). */
export const REQUEST_ATTACHMENTS_MAX = 10;
export const DEEMED_ACCEPTANCE_DAYS_MAX = 30;
export const DEFAULT_DEEMED_ACCEPTANCE_DAYS = 5;

/** The fields of a request form besides the title, which every form asks for. */
export const REQUEST_FIELDS = ["description", "priority", "counterparty", "desiredDate", "attachments"] as const;
export type RequestField = (typeof REQUEST_FIELDS)[number];
export const FIELD_MODES = ["hidden", "optional", "required"] as const;
export type FieldMode = (typeof FIELD_MODES)[number];

export const PRIORITIES = ["LOW", "NORMAL", "HIGH", "URGENT"] as const;
export type Priority = (typeof PRIORITIES)[number];

const FieldModeSchema = z.enum(FIELD_MODES, { error: "Each field is hidden, optional or required." });

export const RequestFormSchema = z.strictObject({
  deliverableType: DeliverableTypeSchema,
  fields: z
    .strictObject(Object.fromEntries(REQUEST_FIELDS.map((f) => [f, FieldModeSchema.optional()])) as Record<RequestField, z.ZodOptional<typeof FieldModeSchema>>)
    .optional()
    .transform((f) => Object.fromEntries(REQUEST_FIELDS.map((k) => [k, f?.[k] ?? "optional"])) as Record<RequestField, FieldMode>),
  guidance: z.preprocess(blankToUndefined, textField().trim().max(GUIDANCE_MAX_LENGTH, `Keep the guidance to ${GUIDANCE_MAX_LENGTH} characters.`).optional()).transform((v) => v ?? ""),
});
export type RequestForm = z.infer<typeof RequestFormSchema>;

export const RequestFormsSchema = z.strictObject({
  forms: z
    .array(RequestFormSchema, { error: "Give the forms as a list." })
    .max(REQUEST_FORMS_MAX, `Use at most ${REQUEST_FORMS_MAX} forms.`)
    .superRefine((forms, ctx) => {
      const seen = new Set<string>();
      forms.forEach((f, i) => {
        const key = f.deliverableType.toLowerCase();
        if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i, "deliverableType"], message: "This type already has a form." });
        seen.add(key);
      });
    }),
});

/** A client's request as sent (the form's fields; attachments come beside it). Which are required is the form's to say. */
export const RequestSubmitSchema = z.strictObject({
  type: DeliverableTypeSchema,
  title: textField({ error: "Give a title." }).trim().min(1, "Give a title.").max(REQUEST_TITLE_MAX_LENGTH, `Keep the title to ${REQUEST_TITLE_MAX_LENGTH} characters.`),
  description: z.preprocess(blankToUndefined, textField().trim().max(REQUEST_DESCRIPTION_MAX_LENGTH, `Keep the description to ${REQUEST_DESCRIPTION_MAX_LENGTH} characters.`).optional()),
  priority: z.preprocess(
    (v) => (typeof v === "string" ? (blankToUndefined(v) as string | undefined)?.toUpperCase() : v),
    z.enum(PRIORITIES, { error: "Choose a priority: low, normal, high or urgent." }).optional(),
  ),
  counterparty: z.preprocess(blankToUndefined, textField().trim().max(COUNTERPARTY_MAX_LENGTH, `Keep the counterparty to ${COUNTERPARTY_MAX_LENGTH} characters.`).optional()),
  desiredDate: z.preprocess(blankToUndefined, DaySchema.optional()),
});
export type RequestSubmitInput = z.infer<typeof RequestSubmitSchema>;

const ReasonSchema = textField({ error: "Give the reason." })
  .trim()
  .min(1, "Give the reason.")
  .max(DECISION_REASON_MAX_LENGTH, `Keep the reason to ${DECISION_REASON_MAX_LENGTH} characters.`);

/** The PM's answer to a request: accept (the due date comes from the service level, else from here) or decline with a reason. */
export const RequestDecisionSchema = z.discriminatedUnion(
  "decision",
  [
    z.strictObject({
      decision: z.literal("accept"),
      dueDate: z.preprocess(blankToNull, DaySchema.nullable().optional()),
      ownerId: z.preprocess(blankToUndefined, IdSchema.optional()),
    }),
    z.strictObject({ decision: z.literal("decline"), reason: ReasonSchema }),
  ],
  { error: "Decide with accept or decline." },
);
export type RequestDecision = z.infer<typeof RequestDecisionSchema>;

/**
 * The client's answer to a delivery: accept, or reject with a reason. `onBehalf` is an admin
 * recording the client's written answer; `clientAnswer` says where it is ("their email of 14 Dec").
 */
export const DeliveryAnswerSchema = z
  .strictObject({
    decision: z.enum(["accept", "reject"], { error: "Answer with accept or reject." }),
    reason: z.preprocess(blankToUndefined, ReasonSchema.optional()),
    onBehalf: z.boolean({ error: "onBehalf is true or false." }).optional(),
    clientAnswer: z.preprocess(blankToUndefined, ReasonSchema.optional()),
  })
  .superRefine((input, ctx) => {
    if (input.decision === "reject" && !input.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why it is rejected: the team reworks it from this." });
    if (input.onBehalf && !input.clientAnswer) ctx.addIssue({ code: "custom", path: ["clientAnswer"], message: "Say where the client's written answer is (their email, letter…)." });
    if (!input.onBehalf && input.clientAnswer) ctx.addIssue({ code: "custom", path: ["clientAnswer"], message: "Only an answer recorded on the client's behalf names one." });
  });
export type DeliveryAnswer = z.infer<typeof DeliveryAnswerSchema>;

export const DeemedAcceptanceDaysSchema = z
  .number({ error: "Give the deemed-acceptance window in business days." })
  .int("Give whole business days.")
  .min(0, "The window cannot be negative.")
  .max(DEEMED_ACCEPTANCE_DAYS_MAX, `Keep the window to ${DEEMED_ACCEPTANCE_DAYS_MAX} business days.`);

export { IdSchema };
