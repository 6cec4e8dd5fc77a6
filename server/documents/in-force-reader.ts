import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { parseInput } from "../validation.ts";
import { versionInForce } from "./in-force.ts";
import type { DocumentResource } from "./policy.ts";
import { InForceQuerySchema } from "./schema.ts";

/** The end of day `day` (UTC): "in force on 1 March" counts what took effect at any time that day. */
const endOfUtcDay = (day: Date) => new Date(day.getTime() + 24 * 60 * 60 * 1000 - 1);

type Deps = {
  db: Db;
  /** The document service's access check: 404 for a document the viewer may not read. */
  requireDocument: (viewer: Viewer, id: unknown, action: "read") => Promise<{ doc: { id: string; organizationId: string; publishedVersionId: string | null; clientOrganizationId: string | null }; resource: DocumentResource }>;
};

/**
 * `GET /documents/:id/in-force?at=YYYY-MM-DD` (ADR 017): which version was, is or will be in
 * force on a day, by the one definition. Its text goes to those who may read it: staff who see
 * drafts always; the provider's other members for a version already in force (as its history);
 * clients only for the version in force now, which is what they read anyway.
 */
export function createInForceReader({ db, requireDocument }: Deps) {
  return async function versionInForceOn(viewer: Viewer, id: unknown, raw: unknown) {
    const { at } = parseInput(InForceQuerySchema, raw);
    const { doc, resource } = await requireDocument(viewer, id, "read");
    const now = new Date();
    const day = at ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const found = await versionInForce(db, doc.id, endOfUtcDay(day));
    const staff = viewer.memberships.some((m) => m.organizationId === resource.organizationId && m.role !== "CLIENT");
    if (!found) return { day, staff, document: doc, version: null };
    const mayReadText =
      can(viewer, "readDraft", resource) || found.id === doc.publishedVersionId || (staff && found.effectiveAt <= now);
    const version = await db.documentVersion.findUniqueOrThrow({
      where: { id: found.id },
      select: {
        id: true,
        number: true,
        effectiveAt: true,
        createdAt: true,
        backdateReason: true,
        createdBy: { select: { id: true, name: true } },
        contentJson: mayReadText,
        contentText: mayReadText,
      },
    });
    return { day, staff, document: doc, version: { ...version, effectiveAt: found.effectiveAt } };
  };
}

export type InForceAnswer = Awaited<ReturnType<ReturnType<typeof createInForceReader>>>;
