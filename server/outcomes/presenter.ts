import type { Viewer } from "../auth/viewer.ts";
import { isProviderStaff } from "../mandates/policy.ts";
import type { ApprovalView, Checklist, OutcomeRow } from "./service.ts";

/**
 * What leaves the server about a deliverable's outcomes (ADR 036). Fields are listed, never
 * spread. A client member reads the positions of the playbooks shared with them and what was
 * agreed on each; the names of the provider's role holders stay with the provider's staff.
 */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Said wherever a pending approval's role has no holder: the approval waits until someone does. */
export const nobodyHoldsMessage = (role: string) => `Nobody holds the role ${role}: ask an admin to set a member's title.`;

function presentApproval(row: OutcomeRow, view: ApprovalView | undefined, staff: boolean) {
  if (!row.approverRole || !row.approvalStatus) return null;
  const pending = row.approvalStatus === "PENDING";
  const holders = view?.holders ?? [];
  return {
    role: row.approverRole,
    status: row.approvalStatus,
    decidedBy: row.approvalDecidedBy ? { id: row.approvalDecidedBy.id, name: row.approvalDecidedBy.name } : null,
    decidedAt: iso(row.approvalDecidedAt),
    reason: row.approvalReason,
    /** Decided by a provider admin on the role holders' behalf. */
    onBehalf: row.approvalOnBehalf,
    holders: pending && staff ? holders.map((h) => ({ id: h.id, name: h.name })) : [],
    viewerMayDecide: pending && (view?.viewerMayDecide ?? false),
    message: pending && !holders.length ? nobodyHoldsMessage(row.approverRole) : null,
  };
}

function presentOutcome(row: OutcomeRow, view: ApprovalView | undefined, staff: boolean) {
  return {
    outcome: row.outcome,
    fallbackIndex: row.fallbackIndex,
    note: row.note,
    finalWording: row.finalWording,
    versionNumber: row.versionNumber,
    recordedBy: row.recordedBy ? { id: row.recordedBy.id, name: row.recordedBy.name } : null,
    recordedAt: row.recordedAt.toISOString(),
    approval: presentApproval(row, view, staff),
  };
}

export function presentChecklist(checklist: Checklist, viewer: Viewer) {
  const { deliverable, mandate, client, playbooks, rows, approvals } = checklist;
  const staff = isProviderStaff(viewer, mandate.providerOrganizationId);
  return {
    deliverable: { id: deliverable.id, title: deliverable.title, status: deliverable.status },
    mandate: { id: mandate.id, title: mandate.title, reference: mandate.reference, client: { id: client.id, name: client.name } },
    abilities: { record: checklist.mayRecord },
    /** Delivered or accepted: the outcomes are on the record (ADR 020). */
    locked: checklist.locked,
    playbooks: playbooks.map((p) => {
      const mine = rows.filter((r) => r.documentId === p.document.id);
      const byClause = new Map(mine.map((r) => [r.clauseId, r]));
      // The side negotiated from: the one every recorded outcome shares (mixed: all perspectives).
      const sides = new Set(mine.map((r) => r.perspective));
      const side = sides.size === 1 ? [...sides][0]! : "";
      return {
        document: { id: p.document.id, title: p.document.title },
        version: p.version,
        perspectives: p.perspectives,
        perspective: p.perspectives.includes(side) ? side : "",
        counterparty: mine[0]?.counterparty ?? "",
        positions: p.positions.map((c) => {
          const row = byClause.get(c.clauseId);
          return {
            clauseId: c.clauseId,
            name: c.name,
            perspective: c.perspective,
            required: c.required,
            escalateTo: c.escalateTo,
            preferred: c.preferred,
            fallbacks: c.fallbacks.map((text, i) => ({ index: i + 1, text, approver: c.fallbackApprovers[i] ?? "" })),
            greyzone: { text: c.greyzone, approver: c.greyzoneApprover },
            redline: { text: c.redline, approver: c.redlineApprover },
            outcome: row ? presentOutcome(row, approvals.get(row.id), staff) : null,
          };
        }),
      };
    }),
  };
}
export type PresentedChecklist = ReturnType<typeof presentChecklist>;
export type PresentedPosition = PresentedChecklist["playbooks"][number]["positions"][number];
