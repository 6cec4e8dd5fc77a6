/**
 * What the editor tells a person when the sync server closes their connection for good (4400–4499:
 * reconnecting cannot help), in words they can act on rather than the protocol's reason. After
 * 4401, 4403, 4404 and 4422 the document's copy in this browser is cleared (local-copies.ts), unsent
 * edits with it; after the others, edits already typed stay in this browser (IndexedDB) and go up
 * when the page is opened again.
 */
const MESSAGES: Record<number, string> = {
  4400: "The connection to the server broke down.",
  4401: "Your session has ended. Sign in again to keep editing.",
  4403: "Your access to this document has changed.",
  4404: "This document was deleted, or is no longer shared with you.",
  4413: "The last change was too large for the server to accept.",
  4422: "Your last change was not saved: on this document you may only suggest changes.",
  4429: "You have this document open in too many tabs. Close some of them.",
};

export function closeMessage(event: { code: number; reason: string }): string {
  return MESSAGES[event.code] ?? (event.reason ? `The server closed the connection: ${event.reason}.` : `The server closed the connection (${event.code}).`);
}
