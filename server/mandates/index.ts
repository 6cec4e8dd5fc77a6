export { createMandateService, dayKey, type MandateService, type MandateServiceDeps } from "./service.ts";
export { mandateResource, mandateAbilities, readableMandatesWhere, organizationForNewMandate, type MandateResource, type MandateAbilities } from "./policy.ts";
export { linkRefusal, type LinkTarget, type MandateScope } from "./links.ts";
export type { MandateSummaryRow, MandateDetailRow, DeliverableRow, ResourceLinkRow } from "./rows.ts";
export * from "./schema.ts";
export * from "./transitions.ts";
export { parseMoney, formatMoney, addMoney, subtractMoney, sumMoney, sumByCurrency, costOfMinutes, currencyExponent, isCurrency, presentMoney, MONEY_MAX_MINOR, type Money } from "./money.ts";
export {
  presentMandate,
  presentMandateSummary,
  presentDeliverable,
  presentDeliveryRecord,
  presentResourceLink,
  presentDocumentUsage,
  presentActivity,
  presentStatusChange,
  type PresentedMandate,
  type PresentedMandateSummary,
  type PresentedDeliverable,
  type PresentedDeliveryRecord,
  type PresentedResourceLink,
  type PresentedDocumentUsage,
  type PresentedActivity,
} from "./presenter.ts";
