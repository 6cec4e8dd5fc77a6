/** What the editor says about saving. The texts are part of the UI contract (tests look for them). */
export const SYNC_STATUS_TEXT = {
  saved: "Saved",
  saving: "Saving…",
  offline: "Offline — changes kept locally",
  reconnecting: "Reconnecting",
} as const;

export type SyncStatus = keyof typeof SYNC_STATUS_TEXT;

export type SyncFacts = {
  /** navigator.onLine */
  online: boolean;
  /** The WebSocket's state. */
  connection: "connecting" | "connected" | "disconnected";
  /** The first sync with the server on this connection finished. */
  synced: boolean;
  /** Local changes the server has not confirmed yet. */
  pending: boolean;
  /** A connection was lost or an attempt failed at least once. */
  hadTrouble: boolean;
};

export function syncStatus(facts: SyncFacts): SyncStatus {
  if (!facts.online) return "offline";
  if (facts.connection === "connected") return facts.synced && !facts.pending ? "saved" : "saving";
  if (facts.pending) return "offline";
  return facts.hadTrouble ? "reconnecting" : "saving";
}
