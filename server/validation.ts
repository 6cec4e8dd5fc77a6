import type { z } from "zod";
import { fromZodIssues } from "./errors.ts";

/**
 * Parses untrusted input with zod; a failure is a 400 `invalid_request` naming each field.
 * Services parse their own input, so the JSON API and the Remix forms share one check.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw fromZodIssues(result.error.issues);
  return result.data;
}
