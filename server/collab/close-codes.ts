/**
 * Why the server closed a sync socket. The y-websocket client stops reconnecting on 4400–4499
 * (the server decided: reconnecting cannot help) and retries on anything else, including
 * 4500–4599 ("try again later") and 1001 (the server is going away).
 *
 * A client that wants to re-check its access after `AuthorizationChanged` passes
 * `shouldReconnect: (e) => e.code === 4403 || !(e.code >= 4400 && e.code < 4500)`.
 */
export type CloseCode = { readonly code: number; readonly reason: string };

export const CloseCodes = {
  BadMessage: { code: 4400, reason: "Bad message" },
  Unauthorized: { code: 4401, reason: "Unauthorized" },
  AuthorizationChanged: { code: 4403, reason: "AuthorizationChanged" },
  NotFound: { code: 4404, reason: "Document not found" },
  TooLarge: { code: 4413, reason: "Message or document too large" },
  /** A suggest-only socket sent a change that is not only suggestions in its own name (ADR 032): dropped, and the client's copy has diverged. */
  NotASuggestion: { code: 4422, reason: "NotASuggestion" },
  TooManyConnections: { code: 4429, reason: "Too many connections" },
  LoadFailed: { code: 4500, reason: "The document could not be loaded" },
  /** A 45xx so the client reconnects (after its backoff) and resyncs what it had not sent. */
  RateLimited: { code: 4508, reason: "Too many messages; reconnect shortly" },
  StoreFailed: { code: 4503, reason: "The change could not be stored; reconnect to send it again" },
  ServerShutdown: { code: 1001, reason: "Server shutting down" },
} as const satisfies Record<string, CloseCode>;
