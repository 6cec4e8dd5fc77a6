import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { ProseMirrorJSON } from "./derive.ts";
import { documentResource } from "./policy.ts";
import { isKnowledgeLawyer, type PromotionRow, type StoredTerm } from "./promotion.ts";
import { plainText, type FoundTerm } from "./sanitise.ts";

/**
 * What leaves the server about a promotion. The source's title and content never do: an
 * approver off the client's team reads only the sanitised text. The identifying terms
 * themselves (the client's name, people's names) are shown only to those who may read the
 * source; everyone else sees each term's category, count and replacement.
 */

const person = (p: { id: string; name: string } | null) => (p ? { id: p.id, name: p.name } : null);

export function presentPromotion(row: PromotionRow, viewer: Viewer) {
  const readsSource = can(viewer, "read", documentResource(row.source));
  const json = (row.contentJson as ProseMirrorJSON | null) ?? { type: "doc", content: [] };
  const terms = (row.terms as StoredTerm[] | null) ?? [];
  const pending = row.status === "PENDING";
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    comment: row.comment,
    requestedBy: person(row.requestedBy),
    approver: person(row.approver),
    /** The sanitised text the precedent will hold (or holds). */
    content: { json, text: plainText(json) },
    terms: terms.map((t) => ({
      ...(readsSource ? { term: t.term } : {}),
      category: t.category,
      occurrences: t.occurrences,
      replacement: t.replacement,
    })),
    /** Only for readers of the source: the team. */
    sourceDocumentId: readsSource ? row.source.id : null,
    resultDocumentId: row.resultDocumentId,
    abilities: {
      decide: pending && row.requestedById !== viewer.id && isKnowledgeLawyer(viewer, row.source),
      withdraw: pending && row.requestedById === viewer.id,
    },
  };
}
export type PresentedPromotion = ReturnType<typeof presentPromotion>;

export function presentPromotionPreview(preview: {
  source: { id: string; title: string };
  json: ProseMirrorJSON;
  terms: FoundTerm[];
  promotions: PromotionRow[];
  canRequest: boolean;
}, viewer: Viewer) {
  return {
    source: { id: preview.source.id, title: preview.source.title },
    content: { json: preview.json, text: plainText(preview.json) },
    terms: preview.terms.map((t) => ({ term: t.term, category: t.category, occurrences: t.occurrences, replacement: t.replacement })),
    promotions: preview.promotions.map((p) => presentPromotion(p, viewer)),
    canRequest: preview.canRequest,
  };
}
export type PresentedPromotionPreview = ReturnType<typeof presentPromotionPreview>;
