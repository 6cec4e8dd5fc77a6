import type { Db } from "../db/database.ts";
import { REQUEST_FIELDS, RequestFormSchema, type RequestForm } from "./schema.ts";

/** The default for a type the PM has not configured: every field shown, none required, no guidance. */
const defaultForm = (deliverableType: string): RequestForm => ({
  deliverableType,
  fields: Object.fromEntries(REQUEST_FIELDS.map((f) => [f, "optional"])) as RequestForm["fields"],
  guidance: "",
});

/** When a mandate names no type at all, a client can still ask for work. */
export const GENERAL_REQUEST_TYPE = "General request";

type LevelsAndForms = { id: string; serviceLevels: unknown; requestForms: unknown };

/** Stored JSON read back through the schema: a row that does not parse (hand-edited) is left out, not trusted. */
export function storedForms(value: unknown): RequestForm[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((f) => {
    const parsed = RequestFormSchema.safeParse(f);
    return parsed.success ? [parsed.data] : [];
  });
}

export function serviceLevelsOf(value: unknown): Array<{ deliverableType: string; turnaroundBusinessDays: number }> {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (l): l is { deliverableType: string; turnaroundBusinessDays: number } =>
      !!l && typeof l === "object" && typeof (l as Record<string, unknown>).deliverableType === "string" && Number.isInteger((l as Record<string, unknown>).turnaroundBusinessDays),
  );
}

/** The mandate's service level for a type (matched ignoring case, the first one, as the KPIs take it), or null. */
export function turnaroundFor(serviceLevels: unknown, type: string): number | null {
  return serviceLevelsOf(serviceLevels).find((l) => l.deliverableType.toLowerCase() === type.toLowerCase())?.turnaroundBusinessDays ?? null;
}

/**
 * The forms a client chooses from on a mandate, one per deliverable type: the types of its
 * service levels, of the toolkits linked to it, and any the PM configured, in that order, each
 * with the PM's settings or the default. A mandate with none offers one general request.
 */
export async function requestFormsOf(db: Db, mandate: LevelsAndForms) {
  const toolkitTypes = await db.toolkitItem.findMany({
    where: { deliverableType: { not: null }, toolkit: { deletedAt: null, resourceLinks: { some: { mandateId: mandate.id, deliverableId: null } } } },
    select: { deliverableType: true },
    orderBy: { position: "asc" },
  });
  const configured = storedForms(mandate.requestForms);
  const types = [...serviceLevelsOf(mandate.serviceLevels).map((l) => l.deliverableType), ...toolkitTypes.map((t) => t.deliverableType!), ...configured.map((f) => f.deliverableType)];
  const seen = new Set<string>();
  const unique = types.filter((t) => {
    const key = t.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (!unique.length) unique.push(GENERAL_REQUEST_TYPE);
  return unique.map((type) => ({
    ...(configured.find((f) => f.deliverableType.toLowerCase() === type.toLowerCase()) ?? defaultForm(type)),
    deliverableType: type,
    turnaroundBusinessDays: turnaroundFor(mandate.serviceLevels, type),
  }));
}
export type OfferedRequestForm = Awaited<ReturnType<typeof requestFormsOf>>[number];
