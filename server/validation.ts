import { z } from "zod";
import { fromZodIssues } from "./errors.ts";

/**
 * Text that reaches the database. PostgreSQL refuses NUL (U+0000) in text and jsonb, so a NUL
 * would fail deep in a query (a 500); it is refused here, as a 400 naming the field. Every
 * string schema of a request uses this instead of z.string().
 */
export const NUL_REFUSED = "Text may not contain NUL characters.";
export const textField = (params?: Parameters<typeof z.string>[0]) => z.string(params).refine((v) => !v.includes("\u0000"), NUL_REFUSED);

/** Whether any string (or key) inside a JSON value holds a NUL; walked with an explicit stack. */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") {
      if (item.includes("\u0000")) return true;
    } else if (Array.isArray(item)) {
      for (const child of item) stack.push(child);
    } else if (item && typeof item === "object") {
      for (const [key, child] of Object.entries(item)) {
        if (key.includes("\u0000")) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/** Form fields left empty count as not given… */
export const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
/** …or, for a field that can be cleared, as null. */
export const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

/** How a filter value is compared with an enum's: any case, and a space or hyphen for an underscore. */
const enumKey = (value: string) => value.trim().toLowerCase().replace(/[\s-]+/g, "_");

/**
 * An enum as a filter in a URL, where people type what they read: `?kind=template` and
 * `?status=in review` mean TEMPLATE and IN_REVIEW. The value becomes the canonical one before
 * `schema` checks it, so services only ever see canonical values; anything else fails with
 * `schema`'s own message, which names the allowed values. Every list endpoint's enum filters go
 * through this, so they all match alike.
 */
export function enumFilter<T extends z.ZodEnum>(schema: T) {
  return z.preprocess((value) => {
    if (typeof value !== "string") return value;
    const key = enumKey(value);
    return schema.options.find((option) => enumKey(String(option)) === key) ?? value;
  }, schema);
}

/** "2026-03-31": a calendar day, stored as a DATE (UTC midnight as a Date). */
export const DaySchema = textField({ error: "Give the date as YYYY-MM-DD." })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Give the date as YYYY-MM-DD.")
  .transform((v, ctx) => {
    const date = new Date(`${v}T00:00:00.000Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== v) {
      ctx.addIssue({ code: "custom", message: "That date does not exist." });
      return z.NEVER;
    }
    return date;
  });

/** `page` of a paged list: from 1, default 1. */
export const pageSchema = () =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: "The page is a number." }).int("The page is a whole number.").min(1, "Pages start at 1.").max(100_000).default(1),
  );

/** `pageSize` of a paged list of `things` ("documents", "mandates"). */
export const pageSizeSchema = (things: string, { fallback, max }: { fallback: number; max: number }) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "The page size is a number." })
      .int("The page size is a whole number.")
      .min(1, `Ask for at least one ${things.replace(/s$/, "")} per page.`)
      .max(max, `Ask for at most ${max} ${things} per page.`)
      .default(fallback),
  );

/**
 * Parses untrusted input with zod; a failure is a 400 `invalid_request` naming each field.
 * Services parse their own input, so the JSON API and the Remix forms share one check.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw fromZodIssues(result.error.issues);
  return result.data;
}
