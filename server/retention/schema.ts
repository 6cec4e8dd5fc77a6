import { z } from "zod";
import { reasonSchema } from "../access/schema.ts";
import { IdSchema } from "../documents/schema.ts";
import { enumFilter } from "../validation.ts";

/** A hold is on one mandate or one client organisation, never both (the table's CHECK says the same). */
export const HoldPlaceSchema = z
  .object({
    mandateId: IdSchema.optional(),
    clientOrganizationId: IdSchema.optional(),
    reason: reasonSchema("the legal hold"),
  })
  .strict()
  .refine((v) => (v.mandateId === undefined) !== (v.clientOrganizationId === undefined), {
    message: "Put the hold on a mandate or on a client organisation (one of them).",
    path: ["mandateId"],
  });
export type HoldPlaceInput = z.infer<typeof HoldPlaceSchema>;

export const HoldLiftSchema = z.object({ reason: reasonSchema("lifting the hold") }).strict();

export const HoldListQuerySchema = z
  .object({
    mandateId: IdSchema.optional(),
    clientOrganizationId: IdSchema.optional(),
    /** "all" includes lifted holds (the record); by default only those in force. */
    state: enumFilter(z.enum(["active", "all"], { error: "Choose active or all." })).optional(),
  })
  .strict();
