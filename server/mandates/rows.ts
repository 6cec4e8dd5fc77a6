import { Prisma } from "../db/generated/client.ts";
import { AppError, conflict, invalid } from "../errors.ts";
import { ACCESS_SELECT } from "../documents/policy.ts";
import { parseMoney } from "./money.ts";

/** What the mandates service reads (Prisma includes and the row types they give) and small helpers for its writes. */

export const PERSON = { select: { id: true, name: true } } as const;

export const MANDATE_SUMMARY_INCLUDE = {
  client: { select: { id: true, name: true } },
  projectManager: PERSON,
  _count: { select: { deliverables: true } },
} as const satisfies Prisma.MandateInclude;

export const MANDATE_DETAIL_INCLUDE = {
  ...MANDATE_SUMMARY_INCLUDE,
  members: { include: { user: PERSON }, orderBy: [{ addedAt: "asc" }, { userId: "asc" }] },
} as const satisfies Prisma.MandateInclude;

export const DELIVERABLE_INCLUDE = {
  owner: PERSON,
  // Its template's access fields: the id leaves the server only for viewers who may read it.
  sourceDocument: { select: { id: true, ...ACCESS_SELECT } },
  // The latest delivery record: the deliverable's record line (ADR 020).
  deliveryRecords: { orderBy: { sequence: "desc" }, take: 1, include: { items: { orderBy: { position: "asc" } } } },
  // The SLA clock's record (ADR 041): spans waiting on the client and due-date moves with their reasons.
  waits: { orderBy: [{ startedAt: "asc" }, { id: "asc" }] },
  dueDateChanges: { orderBy: [{ at: "asc" }, { id: "asc" }], include: { actor: PERSON } },
  // A client request's files (ADR 042): their names and hashes, never their bytes.
  attachments: { select: { id: true, name: true, contentType: true, sizeBytes: true, sha256: true, createdAt: true }, orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.DeliverableInclude;

export const LINK_INCLUDE = {
  document: { select: { id: true, title: true, kind: true, status: true } },
  deliverable: { select: { status: true } },
  documentVersion: { select: { id: true, number: true, createdAt: true } },
  attachedBy: PERSON,
  viaToolkit: { select: { id: true, title: true } },
} as const satisfies Prisma.ResourceLinkInclude;

export type MandateSummaryRow = Prisma.MandateGetPayload<{ include: typeof MANDATE_SUMMARY_INCLUDE }>;
export type MandateDetailRow = Prisma.MandateGetPayload<{ include: typeof MANDATE_DETAIL_INCLUDE }>;
export type DeliverableRow = Prisma.DeliverableGetPayload<{ include: typeof DELIVERABLE_INCLUDE }>;
export type ResourceLinkRow = Prisma.ResourceLinkGetPayload<{ include: typeof LINK_INCLUDE }> & {
  /** The newest published version of the document, when newer than the pinned one. */
  latestVersion: { id: string; number: number } | null;
  newerVersionAvailable: boolean;
};


/** A calendar day as it is stored and shown: "2026-03-31". */
export const dayKey = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

/** JSON-safe values for audit events: bigints as numbers (amounts stay below MONEY_MAX_MINOR), dates as days or instants. */
function auditValue(key: string, value: unknown): Prisma.InputJsonValue | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return key.endsWith("Date") ? dayKey(value) : value.toISOString();
  return value as Prisma.InputJsonValue;
}

export function auditDiff<K extends string>(keys: readonly K[], before: Record<K, unknown>, after: Partial<Record<K, unknown>>) {
  const b: Record<string, Prisma.InputJsonValue | null> = {};
  const a: Record<string, Prisma.InputJsonValue | null> = {};
  for (const key of keys) {
    if (!(key in after) || after[key] === undefined) continue;
    const from = auditValue(key, before[key]);
    const to = auditValue(key, after[key]);
    if (JSON.stringify(from) !== JSON.stringify(to)) {
      b[key] = from;
      a[key] = to;
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}

/** A typed amount (text in major units) or minor units, as bigint; an unparsable text is a 400 naming the field. */
export function amountOf(text: string | undefined, minor: number | null | undefined, currency: string, path: string): bigint | null | undefined {
  if (text !== undefined) {
    try {
      const value = parseMoney(text, currency);
      if (value < 0n) throw invalid([{ path, message: "The amount cannot be negative." }]);
      return value;
    } catch (error) {
      if (error instanceof AppError && error.code === "invalid_amount") throw invalid([{ path, message: error.message }]);
      throw error;
    }
  }
  if (minor === null) return null;
  return minor === undefined ? undefined : BigInt(minor);
}

export const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
export const referenceTaken = () => conflict("reference_taken", "Another mandate of this provider already uses that reference.");

/** A document as the link rule sees it. */
export const LINK_TARGET_SELECT = { id: true, title: true, kind: true, ...ACCESS_SELECT } as const satisfies Prisma.DocumentSelect;
