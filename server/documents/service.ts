import type { Db } from "../db/database.ts";
import { createDocumentAccess } from "./access.ts";
import { createClauseSources } from "./clause-sources.ts";
import { createDocumentContent } from "./content.ts";
import { createDocumentRecords } from "./documents.ts";
import { createDocumentEvents } from "./events.ts";
import { createInForceReader } from "./in-force-reader.ts";
import type { DocumentResource } from "./policy.ts";
import { createPublishing } from "./publishing.ts";
import { createDocumentStateStore, type DocumentStateStore } from "./state-store.ts";
import { createToolkits } from "./toolkits.ts";
import type { DocumentSync } from "./versions.ts";

/**
 * The documents domain, built in one place from its parts: documents (library entries and
 * their metadata), toolkits, content and versions, and the publishing workflow. Every read and
 * write asks `can(viewer, action, document)` through access.ts; lists apply the same rule as a
 * WHERE clause (policy.ts) so paging and counts see only what the viewer may read.
 */

export type { DocumentChange } from "./events.ts";

export type DocumentServiceDeps = {
  db: Db;
  /**
   * The sync server. It is built after this service (it needs `getAccess`), so it is looked up
   * when needed: by default whatever `connectSync` was given. Without one, restores go to the
   * update log through the state store.
   */
  sync?: () => DocumentSync | undefined;
  store?: DocumentStateStore;
};

export function createDocumentService({ db, sync: syncDep, store = createDocumentStateStore({ db }) }: DocumentServiceDeps) {
  let connected: DocumentSync | undefined;
  const sync = syncDep ?? (() => connected);
  const access = createDocumentAccess(db);
  const events = createDocumentEvents(db, sync);
  const publishing = createPublishing({
    db,
    store,
    requireDocument: access.requireDocument,
    async afterMove(documentId, statusChanged) {
      events.changed(documentId);
      if (!statusChanged) return;
      await events.toolkitsOfChanged(documentId);
      events.accessChanged([documentId]);
    },
  });

  return {
    /** Called once the sync server exists: restores then reach open rooms, access changes close stale sockets. */
    connectSync(server: DocumentSync | undefined) {
      connected = server;
    },
    onChanged: events.onChanged,

    /** The version in force on a day (`?at=YYYY-MM-DD`, today by default): GET /documents/:id/in-force. */
    versionInForceOn: createInForceReader({ db, requireDocument: access.requireDocument }),

    /**
     * The in-force sweep moved these documents' pointer (a scheduled publication took effect):
     * search re-reads them and their toolkits, and open sockets re-check access, as after a move.
     */
    async versionInForceChanged(documentIds: string[]) {
      for (const documentId of documentIds) {
        events.changed(documentId);
        await events.toolkitsOfChanged(documentId);
      }
      events.accessChanged(documentIds);
    },

    /** The policy resource for the sync server's upgrade check; null when there is no such document. */
    async getAccess(documentId: string): Promise<DocumentResource | null> {
      return (await access.resourcesOf([documentId])).get(documentId) ?? null;
    },

    /** `getAccess` for many documents in one look-up: id → resource, for those that exist. */
    getAccessMany: access.resourcesOf,

    ...createDocumentRecords({ db, access, events, publishing }),
    ...createToolkits({ db, access, events }),
    ...createDocumentContent({ db, store, sync, access, events }),
    // Clauses copied from the library, and whether their source has changed since (ADR 033).
    ...createClauseSources({ db, access }),

    // The publishing workflow (publishing.ts), under the names the routes use.
    getWorkflow: publishing.getWorkflow,
    listReviewerCandidates: publishing.listReviewerCandidates,
    submitForReview: publishing.submitForReview,
    decideReview: publishing.decide,
    withdrawFromReview: publishing.withdraw,
    replaceReviewSnapshot: publishing.replaceSnapshot,
    publish: publishing.publish,
    archive: publishing.archive,
    restoreFromArchive: publishing.restore,
    listReviewsAssignedToMe: publishing.listAssignedToMe,
    listReviewsDue: publishing.listReviewsDue,
  };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
