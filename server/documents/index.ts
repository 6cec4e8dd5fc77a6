export { createDocumentService, type DocumentService, type DocumentServiceDeps } from "./service.ts";
export { documentResource, documentAbilities, readableDocumentsWhere, type DocumentResource, type DocumentAbilities } from "./policy.ts";
export * from "./schema.ts";
export {
  presentDocument,
  presentDocumentSummary,
  presentVersion,
  presentDiff,
  presentClauseSourceUpdate,
  presentToolkitItem,
  presentFacets,
  type PresentedDocument,
  type PresentedDocumentSummary,
  type PresentedVersion,
  type PresentedDiff,
  type PresentedClauseSourceUpdate,
  type PresentedToolkitItem,
} from "./presenter.ts";
export { type DocumentSync } from "./versions.ts";
export { CLAUSE_SOURCES_MAX, type ClauseSourceUpdate } from "./clause-sources.ts";
export { type DocumentDiff, type DiffBlock, type DiffSegment, type DiffHunk } from "./diff.ts";
export { createPromotionService, type PromotionService } from "./promotion.ts";
export { presentPromotion, presentPromotionPreview, type PresentedPromotion, type PresentedPromotionPreview } from "./promotion-presenter.ts";
export { versionInForce, versionsInForce, scheduledVersions, type InForceVersion } from "./in-force.ts";
