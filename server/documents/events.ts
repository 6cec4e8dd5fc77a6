import type { Db } from "../db/database.ts";
import type { DocumentSync } from "./versions.ts";

/** What happened to a document's row: "saved" (created, metadata, access or restored content) or "deleted". */
export type DocumentChange = "saved" | "deleted";

/**
 * After a committed write: listeners (the search indexer) hear of it, toolkits whose search
 * record lists the document hear too, and open sockets re-check access when it changed.
 */
export function createDocumentEvents(db: Db, sync: () => DocumentSync | undefined) {
  const listeners = new Set<(documentId: string, change: DocumentChange) => void>();

  function changed(documentId: string, change: DocumentChange = "saved") {
    for (const listener of listeners) {
      try {
        listener(documentId, change);
      } catch {
        // A listener logs its own failures; the write already happened.
      }
    }
  }

  return {
    changed,
    /** Subscribes to committed changes of a document row (not live edits: see collab's onDerived). Returns the unsubscribe. */
    onChanged(listener: (documentId: string, change: DocumentChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** A toolkit's search record lists its members' titles (search/records.ts): a member's change is the toolkit's too. */
    async toolkitsOfChanged(documentId: string) {
      const items = await db.toolkitItem.findMany({ where: { documentId }, select: { toolkitId: true } });
      for (const { toolkitId } of items) changed(toolkitId);
    },
    /**
     * Sockets open on these documents re-check their access (a change of status, visibility or
     * shares); with `nonEditorsOnly`, only those that may not edit (whether viewers may suggest).
     */
    accessChanged(documentIds: string[], options: { nonEditorsOnly?: boolean } = {}) {
      if (documentIds.length) void sync()?.revoke({ documentIds, ...options });
    },
  };
}

export type DocumentEvents = ReturnType<typeof createDocumentEvents>;
