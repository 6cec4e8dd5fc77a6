import { z } from "zod";
import { ACCESS_REASON_MAX_LENGTH, BREAK_GLASS_REASON_MIN_LENGTH } from "../config.ts";
import { IdSchema } from "../documents/schema.ts";
import { blankToUndefined } from "../validation.ts";

/** A reason on the record: trimmed, bounded, no NUL bytes (PostgreSQL text refuses them). */
export const reasonSchema = (what: string, min = 1) =>
  z
    .string({ error: `Give the reason for ${what}.` })
    .trim()
    .min(min, min > 1 ? `Say why, in at least ${min} characters: it goes on the record.` : `Give the reason for ${what}.`)
    .max(ACCESS_REASON_MAX_LENGTH, `Keep the reason under ${ACCESS_REASON_MAX_LENGTH} characters.`)
    .refine((v) => !v.includes("\u0000"), "The reason contains a character that cannot be stored.");

const idField = (message: string) => z.preprocess(blankToUndefined, z.string({ error: message }).pipe(IdSchema));

export const WallCreateSchema = z.object({
  userId: idField("Choose the member to wall off."),
  clientOrganizationId: idField("Choose the client organisation."),
  reason: reasonSchema("the wall"),
});
export type WallCreate = z.infer<typeof WallCreateSchema>;

export const WallLiftSchema = z.object({ reason: reasonSchema("lifting the wall") });
export type WallLift = z.infer<typeof WallLiftSchema>;

/** One of mandateId, documentId or clientOrganizationId names what is being opened; the client is derived from the first two. */
export const BreakGlassOpenSchema = z
  .object({
    mandateId: z.preprocess(blankToUndefined, IdSchema.optional()),
    documentId: z.preprocess(blankToUndefined, IdSchema.optional()),
    clientOrganizationId: z.preprocess(blankToUndefined, IdSchema.optional()),
    reason: reasonSchema("breaking the glass", BREAK_GLASS_REASON_MIN_LENGTH),
  })
  .refine((v) => [v.mandateId, v.documentId, v.clientOrganizationId].filter(Boolean).length === 1, {
    message: "Name exactly one of a mandate, a document or a client organisation.",
    path: ["target"],
  });
export type BreakGlassOpen = z.infer<typeof BreakGlassOpenSchema>;

export { IdSchema };
