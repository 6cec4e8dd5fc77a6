import { recordAuditEvent } from "../audit/service.ts";
import { can, isWalledFrom } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import { BREAK_GLASS_HOURS } from "../config.ts";
import type { Db } from "../db/database.ts";
import { documentResource, ACCESS_SELECT } from "../documents/policy.ts";
import { conflict, forbidden, invalid, notFound } from "../errors.ts";
import { createMandateGuards } from "../mandates/guards.ts";
import { parseInput } from "../validation.ts";
import { adminProviderIds, isProviderAdmin } from "./provider-admin.ts";
import { BreakGlassOpenSchema, IdSchema } from "./schema.ts";

const HOUR_MS = 60 * 60 * 1000;
const PERSON = { select: { id: true, name: true, email: true } } as const;
const GRANT_INCLUDE = { user: PERSON, client: { select: { id: true, name: true } } } as const;

/** What a page shows an admin before they break the glass: whose material it is, and what. */
export type BreakGlassTarget = {
  client: { id: string; name: string };
  mandate: { id: string; title: string; reference: string } | null;
  document: { id: string; title: string } | null;
  /** How long the grant would last (BREAK_GLASS_HOURS). */
  hours: number;
};

/**
 * Break-glass (issue 11, ADR 013): a provider admin who is on no team of a client opens that
 * client's material for BREAK_GLASS_HOURS, giving a reason that goes on the record (a
 * BreakGlassAccess row and a "break_glass.opened" audit event). `loadViewer` reads unexpired
 * grants, so `can()` lets them in from the next request and shuts them out again at expiry. An
 * ethical wall cannot be broken (403, said plainly). House knowledge needs no break-glass (400).
 */
export function createBreakGlassService({ db, now = () => new Date() }: { db: Db; now?: () => Date }) {
  const { discoverMandate } = createMandateGuards({ db });

  async function documentRow(id: string) {
    return db.document.findUnique({
      where: { id },
      select: { ...ACCESS_SELECT, id: true, title: true, client: { select: { id: true, name: true } } },
    });
  }

  /** The client, and the mandate or document, an `open` names; 404 for what this admin's provider does not own. */
  async function resolve(viewer: Viewer, input: { mandateId?: string; documentId?: string; clientOrganizationId?: string }) {
    if (input.mandateId) {
      const mandate = await db.mandate.findUnique({
        where: { id: input.mandateId },
        select: { id: true, title: true, providerOrganizationId: true, client: { select: { id: true, name: true } } },
      });
      if (!mandate || !isProviderAdmin(viewer, mandate.providerOrganizationId)) throw notFound("mandate");
      return { providerOrganizationId: mandate.providerOrganizationId, client: mandate.client, mandateId: mandate.id, documentId: null };
    }
    if (input.documentId) {
      const doc = await documentRow(input.documentId);
      if (!doc || !isProviderAdmin(viewer, doc.organizationId)) throw notFound("document");
      if (!doc.client) throw invalid([{ path: "documentId", message: "This is house knowledge: all staff read it without breaking the glass." }]);
      return { providerOrganizationId: doc.organizationId, client: doc.client, mandateId: null, documentId: doc.id };
    }
    const client = await db.organization.findFirst({ where: { id: input.clientOrganizationId, kind: "CLIENT" }, select: { id: true, name: true } });
    if (!client) throw notFound("client organization");
    return { providerOrganizationId: adminProviderIds(viewer)[0]!, client, mandateId: null, documentId: null };
  }

  return {
    /**
     * What the break-glass page names, when `viewer` is an admin who may see that the mandate
     * or client document exists but not open it (not walled, not on a team, no open grant);
     * null otherwise, and the page stays a 404.
     */
    async target(viewer: Viewer, { mandateId, documentId }: { mandateId?: unknown; documentId?: unknown }): Promise<BreakGlassTarget | null> {
      if (!adminProviderIds(viewer).length) return null;
      if (mandateId !== undefined) {
        const mandate = await discoverMandate(viewer, mandateId);
        return mandate
          ? { client: mandate.client, mandate: { id: mandate.id, title: mandate.title, reference: mandate.reference }, document: null, hours: BREAK_GLASS_HOURS }
          : null;
      }
      const id = IdSchema.safeParse(documentId);
      if (!id.success) return null;
      const doc = await documentRow(id.data);
      if (!doc?.client || !isProviderAdmin(viewer, doc.organizationId) || isWalledFrom(viewer, doc.client.id)) return null;
      if (can(viewer, "read", documentResource(doc))) return null;
      return { client: doc.client, mandate: null, document: { id: doc.id, title: doc.title }, hours: BREAK_GLASS_HOURS };
    },

    /** Opens a client's material to this admin for BREAK_GLASS_HOURS, with a reason on the record. */
    async open(viewer: Viewer, raw: unknown) {
      if (!adminProviderIds(viewer).length) throw forbidden("Only the provider's admins can break the glass.");
      const input = parseInput(BreakGlassOpenSchema, raw);
      const target = await resolve(viewer, input);
      if (isWalledFrom(viewer, target.client.id)) {
        throw forbidden(`An ethical wall stands between you and ${target.client.name}: breaking the glass cannot open its material.`);
      }
      if (viewer.clientAccess.teamClientIds.includes(target.client.id)) {
        throw conflict("break_glass_not_needed", `You are on a team of ${target.client.name}: you open its material without breaking the glass.`);
      }
      const createdAt = now();
      const expiresAt = new Date(createdAt.getTime() + BREAK_GLASS_HOURS * HOUR_MS);
      return db.$transaction(async (tx) => {
        const grant = await tx.breakGlassAccess.create({
          data: {
            userId: viewer.id,
            clientOrganizationId: target.client.id,
            mandateId: target.mandateId,
            documentId: target.documentId,
            reason: input.reason,
            createdAt,
            expiresAt,
          },
          include: GRANT_INCLUDE,
        });
        await recordAuditEvent(tx, {
          organizationId: target.providerOrganizationId,
          actorId: viewer.id,
          action: "break_glass.opened",
          targetType: "break_glass",
          targetId: grant.id,
          data: {
            clientOrganizationId: target.client.id,
            mandateId: target.mandateId,
            documentId: target.documentId,
            reason: input.reason,
            expiresAt: expiresAt.toISOString(),
          },
        });
        return grant;
      });
    },

    /** Grants open now, held by the staff of the providers this viewer administers (the Admin page). */
    async listActive(viewer: Viewer) {
      const providerIds = adminProviderIds(viewer);
      if (!providerIds.length) return [];
      return db.breakGlassAccess.findMany({
        where: { expiresAt: { gt: now() }, user: { memberships: { some: { organizationId: { in: providerIds } } } } },
        include: GRANT_INCLUDE,
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      });
    },

    /** Every grant on one client open at any time in [from, to) (access reports); admins not walled from it. */
    async listForClient(viewer: Viewer, clientOrganizationId: string, { from, to }: { from?: Date; to?: Date } = {}) {
      if (!adminProviderIds(viewer).length || isWalledFrom(viewer, clientOrganizationId)) throw notFound("client organization");
      return db.breakGlassAccess.findMany({
        where: {
          clientOrganizationId,
          ...(to ? { createdAt: { lt: to } } : {}),
          ...(from ? { expiresAt: { gt: from } } : {}),
        },
        include: GRANT_INCLUDE,
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
    },
  };
}

export type BreakGlassService = ReturnType<typeof createBreakGlassService>;
export type BreakGlassGrantRow = Awaited<ReturnType<BreakGlassService["open"]>>;
