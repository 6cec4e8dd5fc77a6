import { z } from "zod";
import { TEMPLATE_VARIABLE_NAME } from "../../app/editor/template-variable.ts";
import { IdSchema, TitleSchema } from "../documents/schema.ts";
import { blankToUndefined, textField } from "../validation.ts";

/** One value may be a findings list or a scope description, not a book. */
export const TEMPLATE_VALUE_MAX_LENGTH = 20_000;
/** More variables than any template has: a bound on the request, not a rule about templates. */
export const TEMPLATE_VALUES_MAX = 300;

/** `?templateId=` of the form: which template to fill (the deliverable's own or the first suggested one when absent). */
export const TemplateFormQuerySchema = z.strictObject({
  templateId: z.preprocess(blankToUndefined, IdSchema.optional()),
});

export const GenerateFromTemplateSchema = z.strictObject({
  templateId: IdSchema,
  /** The new document's title; the template's and what it is made for when absent (./title.ts). */
  title: z.preprocess(blankToUndefined, TitleSchema.optional()),
  values: z
    .record(
      textField().regex(TEMPLATE_VARIABLE_NAME, "A variable name starts with a letter or _ and has letters, digits, _, . or -."),
      textField({ error: "A value is text." }).max(TEMPLATE_VALUE_MAX_LENGTH, `Keep each value to ${TEMPLATE_VALUE_MAX_LENGTH} characters.`),
    )
    .refine((values) => Object.keys(values).length <= TEMPLATE_VALUES_MAX, `Send at most ${TEMPLATE_VALUES_MAX} values.`)
    .default({}),
  /** Share the new document with the mandate's client at once (it starts as a draft either way). */
  shareWithClient: z.boolean({ error: "shareWithClient is true or false." }).default(false),
});
export type GenerateFromTemplateInput = z.infer<typeof GenerateFromTemplateSchema>;
