import { z } from "zod";
import { IdSchema } from "../documents/schema.ts";
import { textField } from "../validation.ts";

/**
 * Inputs of the outcomes domain (ADR 036): recording a deliverable's outcomes per playbook, and
 * deciding an approval. Refused bodies are a 422 listing each path (the form ties the message
 * to its field), and change nothing.
 */
export const OUTCOME_KINDS = ["PREFERRED", "FALLBACK", "GREY_ZONE", "RED_LINE", "NOT_APPLICABLE"] as const;
export type OutcomeKindName = (typeof OUTCOME_KINDS)[number];

export const OUTCOME_NOTE_MAX_LENGTH = 2000;
export const OUTCOME_FINAL_WORDING_MAX_LENGTH = 20_000;
export const OUTCOME_COUNTERPARTY_MAX_LENGTH = 200;
export const OUTCOME_PERSPECTIVE_MAX_LENGTH = 100;
export const OUTCOME_CLAUSE_ID_MAX_LENGTH = 100;
/** Outcomes in one PUT: a playbook's positions, with room to spare. */
export const OUTCOMES_PER_REQUEST_MAX = 500;
export const APPROVAL_REASON_MAX_LENGTH = 2000;

const ClauseIdSchema = textField().trim().min(1, "Name the clause.").max(OUTCOME_CLAUSE_ID_MAX_LENGTH);

export const OutcomeEntrySchema = z.object({
  clauseId: ClauseIdSchema,
  outcome: z.enum(OUTCOME_KINDS, { error: "Choose an outcome: preferred, a fallback, grey zone, red line or not applicable." }),
  fallbackIndex: z.number().int().positive().nullish(),
  note: textField().max(OUTCOME_NOTE_MAX_LENGTH, `Keep the note under ${OUTCOME_NOTE_MAX_LENGTH} characters.`).optional(),
  finalWording: textField().max(OUTCOME_FINAL_WORDING_MAX_LENGTH, `Keep the final wording under ${OUTCOME_FINAL_WORDING_MAX_LENGTH} characters.`).optional(),
});
export type OutcomeEntry = z.infer<typeof OutcomeEntrySchema>;

export const OutcomesInputSchema = z.object({
  documentId: IdSchema,
  perspective: textField().trim().max(OUTCOME_PERSPECTIVE_MAX_LENGTH).default(""),
  counterparty: textField().trim().max(OUTCOME_COUNTERPARTY_MAX_LENGTH, `Keep the counterparty under ${OUTCOME_COUNTERPARTY_MAX_LENGTH} characters.`).optional(),
  outcomes: z.array(OutcomeEntrySchema).max(OUTCOMES_PER_REQUEST_MAX),
});
export type OutcomesInput = z.infer<typeof OutcomesInputSchema>;

export const ApprovalDecisionSchema = z
  .object({
    documentId: IdSchema,
    clauseId: ClauseIdSchema,
    decision: z.enum(["approve", "decline"], { error: "Approve or decline." }),
    reason: textField().trim().max(APPROVAL_REASON_MAX_LENGTH, `Keep the reason under ${APPROVAL_REASON_MAX_LENGTH} characters.`).default(""),
  })
  .refine((d) => d.decision === "approve" || d.reason.length > 0, { path: ["reason"], message: "Say why you decline: the recorder reads it." });
export type ApprovalDecision = z.infer<typeof ApprovalDecisionSchema>;
