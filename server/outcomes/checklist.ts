import { showsForPerspective } from "../../app/editor/clause-position.ts";
import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { deriveSections, type ClauseSummary, type ProseMirrorJSON } from "../documents/derive.ts";
import { ACCESS_SELECT, documentResource, type DocumentResource } from "../documents/policy.ts";

/**
 * A deliverable's checklist (ADR 036): the playbooks linked to its mandate (the mandate's own
 * links and the deliverable's), each with the positions read from the version the link holds —
 * the version in force when it was attached (server/mandates/links.ts), so the checklist does not
 * shift under a deal when the playbook is republished. A link without a version (the playbook was
 * not yet published) reads the document as the viewer may: its draft, or its published version.
 */
export type LinkedPlaybook = {
  document: { id: string; title: string };
  resource: DocumentResource;
  version: { id: string; number: number } | null;
  /** The distinct non-empty perspectives of its clauses, in document order. */
  perspectives: string[];
  positions: ClauseSummary[];
};

const PLAYBOOK_SELECT = {
  id: true,
  title: true,
  kind: true,
  contentJson: true,
  publishedVersion: { select: { contentJson: true } },
  ...ACCESS_SELECT,
} as const;

export async function linkedPlaybooks(db: Db, viewer: Viewer, deliverable: { id: string; mandateId: string }): Promise<LinkedPlaybook[]> {
  const links = await db.resourceLink.findMany({
    where: { mandateId: deliverable.mandateId, OR: [{ deliverableId: deliverable.id }, { deliverableId: null }], document: { kind: "PLAYBOOK" } },
    select: {
      deliverableId: true,
      documentVersion: { select: { id: true, number: true, contentJson: true } },
      document: { select: PLAYBOOK_SELECT },
    },
    orderBy: [{ attachedAt: "asc" }, { id: "asc" }],
  });
  // A playbook linked to the deliverable itself and to its mandate: the deliverable's link (and its version) rules.
  const chosen = new Map<string, (typeof links)[number]>();
  for (const link of links) {
    const held = chosen.get(link.document.id);
    if (!held || (held.deliverableId === null && link.deliverableId !== null)) chosen.set(link.document.id, link);
  }
  const playbooks: LinkedPlaybook[] = [];
  for (const link of chosen.values()) {
    const resource = documentResource(link.document);
    if (!can(viewer, "read", resource)) continue;
    const content = link.documentVersion?.contentJson ?? (can(viewer, "readDraft", resource) ? link.document.contentJson : link.document.publishedVersion?.contentJson);
    const positions = content
      ? deriveSections(content as ProseMirrorJSON).flatMap((s) => (s.kind === "clause" && s.clause?.clauseId ? [s.clause] : []))
      : [];
    playbooks.push({
      document: { id: link.document.id, title: link.document.title },
      resource,
      version: link.documentVersion ? { id: link.documentVersion.id, number: link.documentVersion.number } : null,
      perspectives: [...new Set(positions.map((p) => p.perspective.trim()).filter(Boolean))],
      positions,
    });
  }
  return playbooks;
}

/** The positions a deal negotiated from `perspective` goes through: that perspective's and those for any ("" = all). */
export const positionsFor = (positions: ClauseSummary[], perspective: string) => positions.filter((p) => showsForPerspective(p.perspective, perspective));
