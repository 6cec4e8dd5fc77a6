import { recordAuditEvent } from "../audit/service.ts";
import { authorize } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { forbidden, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { ApprovalPolicySetSchema, IdSchema, type DocumentKind } from "./schema.ts";

/**
 * Approval policies (ADR 018): how many approvals publishing a reviewed snapshot needs, and
 * whether someone holding the document's owner role must be among the approvers. Set by the
 * provider's admins per document kind and practice area; the most specific policy wins
 * (kind + practice area, then kind, then the organisation's default). Without any policy every
 * named reviewer approves, as before.
 */

export type ApprovalPolicyRule = {
  id: string;
  kind: DocumentKind | null;
  practiceArea: string | null;
  requiredApprovals: number | null;
  ownerRoleRequired: boolean;
};

export const DEFAULT_APPROVAL_POLICY: ApprovalPolicyRule = { id: "", kind: null, practiceArea: null, requiredApprovals: null, ownerRoleRequired: false };

const fold = (s: string | null | undefined) => (s ?? "").trim().toLocaleLowerCase("en");

/** The policy for a document: the most specific of the organisation's rules, or the default. */
export function policyFor(rules: readonly ApprovalPolicyRule[], doc: { kind: DocumentKind; practiceArea: string | null }): ApprovalPolicyRule {
  const area = fold(doc.practiceArea);
  return (
    rules.find((r) => r.kind === doc.kind && r.practiceArea !== null && area !== "" && fold(r.practiceArea) === area) ??
    rules.find((r) => r.kind === doc.kind && r.practiceArea === null) ??
    rules.find((r) => r.kind === null) ??
    DEFAULT_APPROVAL_POLICY
  );
}

/**
 * Whether a member's job title holds a document's owner role. Case-insensitive, trimmed. A
 * title with a comma must equal the whole role ("Knowledge lawyer, commercial"); a title
 * without one matches the part of the role before its first comma ("Knowledge lawyer" holds
 * "Knowledge lawyer, commercial"), since many firms give the title without the speciality.
 */
export function holdsOwnerRole(title: string | null | undefined, ownerRole: string | null | undefined): boolean {
  const t = fold(title);
  const role = fold(ownerRole);
  if (!t || !role) return false;
  if (t.includes(",")) return t.replace(/\s*,\s*/g, ", ") === role.replace(/\s*,\s*/g, ", ");
  return t === role.split(",")[0]!.trim();
}

export type Approver = { id: string; name: string; title: string | null };

/**
 * What stands between a review and publication under `policy`: reviewers still to approve and
 * the unmet requirements, in words. Empty when it may be published.
 */
export function missingApprovals(
  policy: ApprovalPolicyRule,
  review: { reviewers: { name: string; approved: boolean; title: string | null }[] },
  ownerRole: string | null,
): { pending: string[]; missing: string[] } {
  const approvers = review.reviewers.filter((r) => r.approved);
  const pending = review.reviewers.filter((r) => !r.approved).map((r) => r.name);
  const missing: string[] = [];
  if (policy.requiredApprovals === null) {
    if (pending.length || !approvers.length) missing.push(`approval by every reviewer (waiting for ${pending.join(", ") || "a reviewer"})`);
  } else if (approvers.length < policy.requiredApprovals) {
    missing.push(`${policy.requiredApprovals} approvals (${approvers.length} so far)`);
  }
  if (policy.ownerRoleRequired && !approvers.some((a) => holdsOwnerRole(a.title, ownerRole))) {
    missing.push(ownerRole ? `an approval by the owner role (${ownerRole})` : "an approval by the owner role (the document names none: set its owner role)");
  }
  return { pending, missing };
}

/** An organisation's rules (`policyFor` picks the most specific whatever their order). */
export function loadApprovalPolicies(db: Pick<Db, "approvalPolicy">, organizationId: string) {
  return db.approvalPolicy.findMany({
    where: { organizationId },
    orderBy: [{ kind: "asc" }, { practiceArea: "asc" }],
    select: { id: true, kind: true, practiceArea: true, requiredApprovals: true, ownerRoleRequired: true, updatedAt: true },
  });
}

export function createApprovalPolicyService({ db }: { db: Db }) {
  /** The provider organisation an admin sets policies for: the one named, or their own. */
  function organizationOf(viewer: Viewer, organizationId: string | undefined) {
    const membership = viewer.memberships.find((m) => m.organizationKind === "PROVIDER" && (!organizationId || m.organizationId === organizationId));
    if (!membership) throw organizationId ? notFound("organization") : forbidden("Approval policies belong to the provider's organisation.");
    authorize(viewer, "manage", { type: "organization", id: membership.organizationId });
    return membership.organizationId;
  }

  return {
    async list(viewer: Viewer, organizationId?: string) {
      const orgId = organizationOf(viewer, organizationId ? parseInput(IdSchema, organizationId) : undefined);
      return { organizationId: orgId, policies: await loadApprovalPolicies(db, orgId) };
    },

    /** Creates or replaces the policy for (kind, practice area); audited with before and after. */
    async set(viewer: Viewer, raw: unknown) {
      const input = parseInput(ApprovalPolicySetSchema, raw);
      const orgId = organizationOf(viewer, input.organizationId);
      return db.$transaction(async (tx) => {
        const existing = (await loadApprovalPolicies(tx, orgId)).find(
          (p) => p.kind === input.kind && fold(p.practiceArea) === fold(input.practiceArea),
        );
        const data = { kind: input.kind, practiceArea: input.practiceArea, requiredApprovals: input.requiredApprovals, ownerRoleRequired: input.ownerRoleRequired };
        const saved = existing
          ? await tx.approvalPolicy.update({ where: { id: existing.id }, data })
          : await tx.approvalPolicy.create({ data: { ...data, organizationId: orgId } });
        await recordAuditEvent(tx, {
          organizationId: orgId,
          actorId: viewer.id,
          action: "approval_policy.set",
          targetType: "approval_policy",
          targetId: saved.id,
          data: {
            before: existing ? { requiredApprovals: existing.requiredApprovals, ownerRoleRequired: existing.ownerRoleRequired } : null,
            after: data,
          },
        });
        return saved;
      });
    },

    async remove(viewer: Viewer, id: unknown) {
      const policyId = parseInput(IdSchema, id);
      const policy = await db.approvalPolicy.findUnique({ where: { id: policyId } });
      if (!policy || !viewer.memberships.some((m) => m.organizationId === policy.organizationId)) throw notFound("approval policy");
      organizationOf(viewer, policy.organizationId);
      await db.$transaction(async (tx) => {
        await tx.approvalPolicy.delete({ where: { id: policy.id } });
        await recordAuditEvent(tx, {
          organizationId: policy.organizationId,
          actorId: viewer.id,
          action: "approval_policy.removed",
          targetType: "approval_policy",
          targetId: policy.id,
          data: { kind: policy.kind, practiceArea: policy.practiceArea, requiredApprovals: policy.requiredApprovals, ownerRoleRequired: policy.ownerRoleRequired },
        });
      });
    },
  };
}
export type ApprovalPolicyService = ReturnType<typeof createApprovalPolicyService>;

export function presentApprovalPolicy(p: { id: string; kind: DocumentKind | null; practiceArea: string | null; requiredApprovals: number | null; ownerRoleRequired: boolean; updatedAt: Date }) {
  return { id: p.id, kind: p.kind, practiceArea: p.practiceArea, requiredApprovals: p.requiredApprovals, ownerRoleRequired: p.ownerRoleRequired, updatedAt: p.updatedAt.toISOString() };
}
