export { createRequestService, type RequestService } from "./service.ts";
export { deemedAcceptanceAt } from "./deemed-acceptance.ts";
export { sniffAttachment } from "./attachments.ts";
