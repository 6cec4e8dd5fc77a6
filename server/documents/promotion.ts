import { recordAuditEvent } from "../audit/service.ts";
import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { AppError, conflict, forbidden, invalid, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { yDocFromJson, type ProseMirrorJSON } from "./derive.ts";
import { ACCESS_SELECT, documentResource } from "./policy.ts";
import {
  IdSchema,
  PromotionDecisionSchema,
  PromotionListQuerySchema,
  PromotionPreviewQuerySchema,
  PromotionRequestSchema,
  PromotionTrySchema,
} from "./schema.ts";
import { applyReplacements, findIdentifyingTerms, remainingTerms, termsInText, type SanitiseContext, type TermCategory } from "./sanitise.ts";
import type { DocumentService } from "./service.ts";

/**
 * Promote to precedent (issue 11): a member of the client's mandate team turns client
 * material into house knowledge. The sanitisation step finds what identifies the client
 * (sanitise.ts); every term found must be replaced or cleared before the request is accepted;
 * a knowledge lawyer (another editor or admin of the provider: four eyes) approves, and only
 * then is a new house precedent created, recording where it came from.
 *
 * The approver reads the sanitised text, never the source: they need not be on the client's
 * team, and the promotion's presenter leaves out the source's title and content (and the
 * terms themselves for anyone who may not read the source). The source stays client material;
 * the new document says it was promoted, not from what.
 */

export type StoredTerm = { term: string; category: TermCategory | "OTHER"; occurrences: number; replacement: string };

const PERSON = { select: { id: true, name: true } } as const;
const PROMOTION_INCLUDE = {
  source: { select: { id: true, ...ACCESS_SELECT } },
  requestedBy: PERSON,
  approver: PERSON,
} as const satisfies Prisma.PrecedentPromotionInclude;

export type PromotionRow = Prisma.PrecedentPromotionGetPayload<{ include: typeof PROMOTION_INCLUDE }>;

const EMPTY_DOC: ProseMirrorJSON = { type: "doc", content: [] };

/** An editor or admin of the provider whose material it is, not walled off from the client: may decide. */
export function isKnowledgeLawyer(viewer: Viewer, source: { organizationId: string; clientOrganizationId: string | null }) {
  const role = viewer.memberships.find((m) => m.organizationId === source.organizationId && m.organizationKind === "PROVIDER")?.role;
  if (role !== "ADMIN" && role !== "EDITOR") return false;
  return !source.clientOrganizationId || !viewer.clientAccess.walledClientIds.includes(source.clientOrganizationId);
}

/** Who sees a promotion: its requester, those who read the source, and those who may decide it. */
export function canSeePromotion(viewer: Viewer, row: Pick<PromotionRow, "requestedById" | "source">) {
  if (row.source.clientOrganizationId && viewer.clientAccess.walledClientIds.includes(row.source.clientOrganizationId)) return false;
  return row.requestedById === viewer.id || can(viewer, "read", documentResource(row.source)) || isKnowledgeLawyer(viewer, row.source);
}

export function createPromotionService({ db, documents }: { db: Db; documents: DocumentService }) {
  /** The source as its reader sees it (404 if they may not), and only client material (400). */
  async function readSource(viewer: Viewer, id: unknown) {
    const doc = await documents.get(viewer, id);
    if (!doc.clientOrganizationId) {
      throw new AppError(400, "not_client_material", "This document is already house knowledge: only client material is promoted to precedent.");
    }
    return { doc, clientId: doc.clientOrganizationId, json: (doc.contentJson as ProseMirrorJSON | null) ?? EMPTY_DOC };
  }

  /** What the mandate says about the matter: the client's name, its reference, titles and descriptions, the client's people. */
  async function contextFor(doc: { clientOrganizationId: string | null; mandateId: string | null }, counterparties: string[]): Promise<SanitiseContext> {
    const clientId = doc.clientOrganizationId!;
    const [client, mandate, people] = await Promise.all([
      db.organization.findUnique({ where: { id: clientId }, select: { name: true } }),
      doc.mandateId
        ? db.mandate.findUnique({
            where: { id: doc.mandateId },
            select: { title: true, reference: true, description: true, deliverables: { select: { title: true, description: true } } },
          })
        : null,
      db.membership.findMany({ where: { organizationId: clientId, role: "CLIENT" }, select: { user: { select: { name: true } } } }),
    ]);
    return {
      clientName: client?.name ?? null,
      counterparties,
      references: mandate ? [mandate.reference] : [],
      texts: mandate ? [mandate.title, mandate.description, ...mandate.deliverables.flatMap((d) => [d.title, d.description])] : [],
      people: people.map((m) => m.user.name.trim()).filter((name) => name.length >= 3 && name.includes(" ")),
    };
  }

  async function requirePromotion(viewer: Viewer, id: unknown) {
    const promotionId = parseInput(IdSchema, id);
    const row = await db.precedentPromotion.findUnique({ where: { id: promotionId }, include: PROMOTION_INCLUDE });
    if (!row || !canSeePromotion(viewer, row)) throw notFound("promotion");
    return row;
  }

  function audit(tx: Pick<Db, "auditEvent">, viewer: Viewer, row: { id: string; source: { organizationId: string; id: string } }, action: string, data: Record<string, unknown>) {
    // Never the terms themselves: the audit trail is read by people off the client's team.
    return recordAuditEvent(tx, {
      organizationId: row.source.organizationId,
      actorId: viewer.id,
      action,
      targetType: "promotion",
      targetId: row.id,
      data: { sourceDocumentId: row.source.id, ...data } as Prisma.InputJsonValue,
    });
  }

  /** Promotions by status (all by default): those a knowledge lawyer may decide, and the viewer's own requests. */
  async function list(viewer: Viewer, raw: unknown = {}) {
    const { status } = parseInput(PromotionListQuerySchema, raw);
    const lawyerOrgs = viewer.memberships
      .filter((m) => m.organizationKind === "PROVIDER" && (m.role === "ADMIN" || m.role === "EDITOR"))
      .map((m) => m.organizationId);
    const walled = viewer.clientAccess.walledClientIds;
    const rows = await db.precedentPromotion.findMany({
      where: {
        ...(status ? { status } : {}),
        ...(walled.length ? { source: { clientOrganizationId: { notIn: walled } } } : {}),
        OR: [{ requestedById: viewer.id }, ...(lawyerOrgs.length ? [{ source: { organizationId: { in: lawyerOrgs } } }] : [])],
      },
      include: PROMOTION_INCLUDE,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: 200,
    });
    // The same rule as get(), so a list never shows what opening it would refuse.
    return rows.filter((row) => canSeePromotion(viewer, row));
  }

  return {
    /** The identifying terms found in the source, with placeholders, and its content for a live preview. Readers of the source. */
    async preview(viewer: Viewer, id: unknown, raw: unknown = {}) {
      const { counterparty } = parseInput(PromotionPreviewQuerySchema, raw);
      const { doc, json } = await readSource(viewer, id);
      const terms = findIdentifyingTerms(json, await contextFor(doc, counterparty));
      const promotions = await db.precedentPromotion.findMany({
        where: { sourceDocumentId: doc.id },
        include: PROMOTION_INCLUDE,
        orderBy: { createdAt: "desc" },
        take: 10,
      });
      const resource = documentResource(doc);
      return {
        source: { id: doc.id, title: doc.title },
        json,
        terms,
        promotions,
        canRequest: can(viewer, "update", resource) && viewer.clientAccess.teamClientIds.includes(doc.clientOrganizationId!),
      };
    },

    /** The sanitised text for these replacements, and what still identifies the client: the promote page's live preview. Nothing is stored. */
    async tryReplacements(viewer: Viewer, id: unknown, raw: unknown) {
      const input = parseInput(PromotionTrySchema, raw);
      const { doc, json } = await readSource(viewer, id);
      const { sanitised, remaining, titleTerms } = sanitiseWith(json, await contextFor(doc, []), input);
      return { json: sanitised, remaining, titleTerms };
    },

    /**
     * Asks for the sanitised text to become a house precedent. Every term the preview finds must
     * be gone after the replacements (400 identifying_terms_remain, naming them), the title too.
     * An editor on the client's mandate team (not an admin through break-glass).
     */
    async request(viewer: Viewer, id: unknown, raw: unknown) {
      const input = parseInput(PromotionRequestSchema, raw);
      const { doc, clientId, json } = await readSource(viewer, id);
      if (!can(viewer, "update", documentResource(doc)) || !viewer.clientAccess.teamClientIds.includes(clientId)) {
        throw forbidden("Only an editor on the client's mandate team can promote its material to precedent.");
      }
      const pending = await db.precedentPromotion.findFirst({ where: { sourceDocumentId: doc.id, status: "PENDING" }, select: { id: true } });
      if (pending) throw conflict("promotion_pending", "This document already waits for a knowledge lawyer's approval: withdraw that request first.");

      const { found, sanitised, remaining, titleTerms } = sanitiseWith(json, await contextFor(doc, []), input);
      if (remaining.length || titleTerms.length) {
        const names = [...new Set([...remaining.map((t) => t.term), ...titleTerms])];
        throw new AppError(400, "identifying_terms_remain", `Replace or clear every identifying term first: ${names.map((n) => `“${n}”`).join(", ")}.`, {
          terms: remaining,
          titleTerms,
        });
      }
      try {
        yDocFromJson(sanitised).destroy();
      } catch (error) {
        throw invalid([{ path: "replacements", message: `The sanitised text does not fit the document schema: ${(error as Error).message}` }]);
      }

      const replacementOf = new Map(input.replacements.map((r) => [normalise(r.term), r.replacement]));
      const foundKeys = new Set(found.map((t) => normalise(t.term)));
      const terms: StoredTerm[] = [
        ...found.map((t) => ({ term: t.term, category: t.category, occurrences: t.occurrences, replacement: replacementOf.get(normalise(t.term)) ?? "" })),
        // Terms the requester added themselves.
        ...input.replacements
          .filter((r) => !foundKeys.has(normalise(r.term)))
          .map((r) => ({ term: r.term, category: "OTHER" as const, occurrences: 0, replacement: r.replacement })),
      ];

      const created = await db.$transaction(async (tx) => {
        const row = await tx.precedentPromotion.create({
          data: {
            sourceDocumentId: doc.id,
            requestedById: viewer.id,
            title: input.title,
            contentJson: sanitised as Prisma.InputJsonValue,
            terms: terms as unknown as Prisma.InputJsonValue,
          },
          include: PROMOTION_INCLUDE,
        });
        await audit(tx, viewer, row, "promotion.requested", { termsReplaced: terms.length, categories: countBy(terms.map((t) => t.category)) });
        return row;
      });
      return created;
    },

    /** One promotion: its requester, readers of the source, knowledge lawyers who may decide it; 404 for anyone else. */
    get: requirePromotion,

    list,

    /** What waits for a knowledge lawyer. */
    listPending(viewer: Viewer) {
      return list(viewer, { status: "PENDING" });
    },

    /**
     * A knowledge lawyer's decision: an editor or admin of the provider who did not ask for it.
     * Approving creates the house precedent (a draft, through the documents service) from the
     * sanitised text; the promotion is claimed first, so two approvals never make two documents.
     */
    async decide(viewer: Viewer, id: unknown, raw: unknown) {
      const input = parseInput(PromotionDecisionSchema, raw);
      const row = await requirePromotion(viewer, id);
      if (!isKnowledgeLawyer(viewer, row.source)) throw forbidden("Only a knowledge lawyer (an editor or admin of the provider) can approve a promotion.");
      if (row.requestedById === viewer.id) throw forbidden("Someone other than the requester must approve it (four eyes).");
      if (row.status !== "PENDING") throw conflict("already_decided", "This promotion has already been decided or withdrawn.");
      const decidedAt = new Date();
      const status = input.decision === "approve" ? "APPROVED" : "REJECTED";
      const claimed = await db.precedentPromotion.updateMany({
        where: { id: row.id, status: "PENDING" },
        data: { status, approverId: viewer.id, decidedAt, comment: input.comment },
      });
      if (claimed.count === 0) throw conflict("already_decided", "This promotion has already been decided or withdrawn.");

      if (status === "REJECTED") {
        await audit(db, viewer, row, "promotion.rejected", { comment: input.comment });
        return requirePromotion(viewer, row.id);
      }

      let resultId: string;
      try {
        const terms = (row.terms as StoredTerm[] | null) ?? [];
        const created = await documents.create(
          viewer,
          {
            kind: "PRECEDENT",
            title: row.title,
            status: "DRAFT",
            summary: `Promoted from client material: ${terms.length} identifying ${terms.length === 1 ? "term" : "terms"} replaced, approved by ${viewer.name} on ${decidedAt.toISOString().slice(0, 10)}.`,
            json: row.contentJson,
          },
          { promotedFromId: row.source.id },
        );
        resultId = created.id;
      } catch (error) {
        await db.precedentPromotion.updateMany({ where: { id: row.id, status }, data: { status: "PENDING", approverId: null, decidedAt: null, comment: "" } });
        throw error;
      }
      await db.$transaction(async (tx) => {
        await tx.precedentPromotion.update({ where: { id: row.id }, data: { resultDocumentId: resultId } });
        await audit(tx, viewer, row, "promotion.approved", { resultDocumentId: resultId, comment: input.comment });
      });
      return requirePromotion(viewer, row.id);
    },

    /** The requester takes a pending request back. */
    async withdraw(viewer: Viewer, id: unknown) {
      const row = await requirePromotion(viewer, id);
      if (row.requestedById !== viewer.id) throw forbidden("Only the person who asked for the promotion can withdraw it.");
      const done = await db.precedentPromotion.updateMany({ where: { id: row.id, status: "PENDING" }, data: { status: "WITHDRAWN", decidedAt: new Date() } });
      if (done.count === 0) throw conflict("already_decided", "This promotion has already been decided or withdrawn.");
      await audit(db, viewer, row, "promotion.withdrawn", {});
      return requirePromotion(viewer, row.id);
    },
  };
}

export type PromotionService = ReturnType<typeof createPromotionService>;

/** The source's terms, the text with the replacements applied, and the terms left in it or in the title. */
function sanitiseWith(json: ProseMirrorJSON, context: SanitiseContext, input: { title: string; replacements: { term: string; replacement: string }[] }) {
  const found = findIdentifyingTerms(json, context);
  const sanitised = applyReplacements(json, input.replacements);
  const terms = found.map((t) => t.term);
  // The title is checked for the text's terms and, on its own, for anything the context names ("Acme" alone).
  const titleDoc: ProseMirrorJSON = { type: "doc", content: [{ type: "paragraph", content: input.title ? [{ type: "text", text: input.title }] : [] }] };
  const titleTerms = new Map<string, string>();
  for (const term of [...termsInText(input.title, terms), ...findIdentifyingTerms(titleDoc, context).map((t) => t.term)]) titleTerms.set(normalise(term), term);
  return { found, sanitised, remaining: remainingTerms(sanitised, terms), titleTerms: [...titleTerms.values()] };
}

const normalise = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

function countBy(values: string[]) {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
