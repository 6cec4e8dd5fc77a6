import type { AuthService, Authenticated } from "./auth/index.ts";
import { IN_FORCE_SWEEP_INTERVAL_MS, type Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import type { Logger } from "./logger.ts";
import { createAccessService, presentBreakGlassGrant, presentWall, type AccessService } from "./access/index.ts";
import { createAccessRecordService, presentAccessReport, type AccessRecordService } from "./access-record/index.ts";
import { createAuthService } from "./auth/service.ts";
import { listAuditEvents } from "./audit/service.ts";
import { presentApiToken, presentOrganization, presentOrganizationDetail, presentSession, presentViewer } from "./auth/presenter.ts";
import { createApprovalPolicyService, presentApprovalPolicy, type ApprovalPolicyService } from "./documents/approval-policy.ts";
import { createDocumentService, type DocumentService } from "./documents/service.ts";
import { createDocumentStateStore, type DocumentStateStore } from "./documents/state-store.ts";
import { pgliteLogInsert } from "./documents/update-log.ts";
import { createInForceSweep, type InForceSweep } from "./documents/in-force-sweep.ts";
import { createPromotionService, type PromotionService } from "./documents/promotion.ts";
import { presentPromotion, presentPromotionPreview } from "./documents/promotion-presenter.ts";
import { createLibraryService, type LibraryService } from "./library/import.ts";
import { createLibraryListing, type LibraryListing } from "./library/listing.ts";
import { createMandateService, type MandateService } from "./mandates/service.ts";
import { createChangeControlService, type ChangeControlService } from "./change-control/index.ts";
import { createOutcomeService, presentChecklist, type OutcomeService } from "./outcomes/index.ts";
import { createEffortService, presentEstimate, presentRateCard, presentTimeSheet, type EffortService } from "./effort/index.ts";
import { createTemplateService, type TemplateService } from "./templates/service.ts";
import { createKpiService, type KpiService } from "./kpis/service.ts";
import { createPlaybookOutcomes, type PlaybookOutcomesService } from "./kpis/playbook-outcomes.ts";
import { createReviewTriggerService, type ReviewTriggerService } from "./kpis/review-trigger-service.ts";
import { createRequestService, type RequestService } from "./requests/index.ts";
import { presentRequest } from "./requests/presenter.ts";
import { createRetentionService, presentHold, presentTrashItem, type RetentionService } from "./retention/index.ts";
import {
  presentActivity,
  presentDeliverable,
  presentDocumentUsage,
  presentMandate,
  presentMandateSummary,
  presentResourceLink,
} from "./mandates/presenter.ts";
import { createCollabServer, type CollabServer } from "./collab/index.ts";
import { createCluster, type Cluster } from "./cluster/index.ts";
import { resolveLimits, type CollabLimits } from "./collab/limits.ts";
import type { SearchEngine } from "./search/engine.ts";
import { createSearchIndexer, type SearchIndexer } from "./search/indexer.ts";
import { createIndexStamp } from "./search/index-stamp.ts";
import { createSearchService, type SearchService } from "./search/service.ts";
import { createSearchEngine } from "./search/create-engine.ts";
import {
  presentDiff,
  presentClauseSourceUpdate,
  presentDocument,
  presentDocumentSummary,
  presentFacets,
  presentToolkitItem,
  presentVersion,
} from "./documents/presenter.ts";
import { presentAssignedReview, presentReviewDue, presentWorkflow } from "./documents/workflow-presenter.ts";
import { presentSearchResult } from "./search/presenter.ts";
import { createNotificationService, type NotificationService } from "./notifications/index.ts";
import { createCommentService, createCommentStreams, type CommentService, type CommentStreams } from "./comments/index.ts";
import { createHealthService, type HealthService } from "./health/index.ts";
import { createMandateLog, createStatusReportService, type MandateLog, type StatusReportService } from "./status-reports/index.ts";

/** Presenters handed to Remix loaders, so `app/` needs no runtime import from `server/`. */
export const presenters = {
  viewer: presentViewer,
  apiToken: presentApiToken,
  session: presentSession,
  organization: presentOrganization,
  organizationDetail: presentOrganizationDetail,
  document: presentDocument,
  documentSummary: presentDocumentSummary,
  documentFacets: presentFacets,
  toolkitItem: presentToolkitItem,
  version: presentVersion,
  diff: presentDiff,
  clauseSourceUpdate: presentClauseSourceUpdate,
  workflow: presentWorkflow,
  assignedReview: presentAssignedReview,
  reviewDue: presentReviewDue,
  approvalPolicy: presentApprovalPolicy,
  searchResult: presentSearchResult,
  mandate: presentMandate,
  mandateSummary: presentMandateSummary,
  deliverable: presentDeliverable,
  resourceLink: presentResourceLink,
  documentUsage: presentDocumentUsage,
  mandateActivity: presentActivity,
  outcomeChecklist: presentChecklist,
  timeSheet: presentTimeSheet,
  mandateEstimate: presentEstimate,
  rateCard: presentRateCard,
  wall: presentWall,
  breakGlassGrant: presentBreakGlassGrant,
  promotion: presentPromotion,
  promotionPreview: presentPromotionPreview,
  accessReport: presentAccessReport,
  trashItem: presentTrashItem,
  legalHold: presentHold,
  request: presentRequest,
};

/** Every service, built once in server/index.ts and handed down. */
export type Services = {
  auth: AuthService;
  documents: DocumentService;
  /** Promote to precedent: client material, sanitised and approved, becomes a house precedent (server/documents/promotion.ts). */
  promotions: PromotionService;
  /** How many approvals publishing needs, per kind and practice area, set by admins (server/documents/approval-policy.ts, ADR 018). */
  approvalPolicies: ApprovalPolicyService;
  /** Library files in and out: Markdown and Word import, Word/print/Markdown export (server/library). */
  library: LibraryService & LibraryListing;
  /** Client confidentiality: ethical walls and break-glass (server/access). */
  access: AccessService;
  /** Mandates, deliverables, resource links and document usage (server/mandates). */
  mandates: MandateService;
  /**
   * Client requests (forms, attachments, the PM's decision) and the client's acceptance of
   * deliveries, with the deemed-acceptance sweep (server/requests, ADR 042): the server starts
   * the sweep; tests call `sweepDeemedAcceptances(at)`.
   */
  requests: RequestService;
  /** Negotiation outcomes on deliverables, measured against the mandate's playbooks, and their approvals (server/outcomes, ADR 036). */
  outcomes: OutcomeService;
  /** Monthly status reports: assembled, reviewed, released to the client, Word and print (server/status-reports, ADR 040). */
  statusReports: StatusReportService;
  /** The mandate's risk, issue and decision log, the provider's own (server/status-reports/mandate-log.ts, ADR 040). */
  mandateLog: MandateLog;
  /** Time entries, rate cards, estimate at completion and loss warnings: the provider's only (server/effort, ADR 039). */
  effort: EffortService;
  /** Mandate and portfolio KPIs, as JSON-ready objects or CSV (server/kpis/service.ts). */
  kpis: KpiService;
  /**
   * Playbooks' review triggers and findings from their negotiation outcomes (server/kpis/review-trigger-service.ts,
   * ADR 037). `checkReviewTriggers(documentIds)` is for the outcomes service's "recorded" hook; the
   * server runs it for every playbook every REVIEW_TRIGGER_CHECK_INTERVAL_MS.
   */
  reviewTriggers: ReviewTriggerService;
  /** A mandate's assumptions, their breaches and change requests, and the response-time sweep (server/change-control, ADR 043). */
  changeControl: ChangeControlService;
  /** A playbook's Outcomes tab: positions figures with its triggers and findings (server/kpis/playbook-outcomes.ts). */
  playbookOutcomes: PlaybookOutcomesService;
  /** Templates → deliverables: a template's form prefilled from the mandate, filled into a linked document (server/templates). */
  templates: TemplateService;
  /** The trash, legal holds and the purge (server/retention, ADR 021). */
  retention: RetentionService;
  /**
   * Scheduled publications taking effect (server/documents/in-force-sweep.ts, ADR 017): the
   * server starts it and stops it on shutdown; tests call `sweep(now)` with a later `now`.
   */
  inForceSweep: InForceSweep;
  /** A document's Yjs state: compacted state + update log (server/documents/state-store.ts). */
  documentState: DocumentStateStore;
  /** The real-time sync server (server/collab): `/collab/<documentId>` upgrades, applyUpdate, revoke. */
  collab: CollabServer;
  /** Cluster mode over Redis (REDIS_URL, ADR 026), or its local stand-in; closed after collab on shutdown. */
  cluster: Cluster;
  /**
   * Who read and exported a client's material (server/access-record): every read path of client
   * material records through it, and it answers a client's access report. Looked up at call
   * time, so a replaced one (tests move its clock) is the one used.
   */
  accessRecord: AccessRecordService;
  /** Comment threads on documents, their @mentions, and the Word export's view of them (server/comments, ADR 031). */
  comments: CommentService;
  /** "Comments changed" as server-sent events for readers without a sync socket (server/comments/event-streams.ts, ADR 031). */
  commentStreams: CommentStreams;
  /** The in-app inbox, the mail outbox and its worker, and the review-due sweep (server/notifications, ADR 019). */
  notifications: NotificationService;
  audit: { list: (organizationId: string, opts?: { limit?: number }) => ReturnType<typeof listAuditEvents> };
  /** Search: the engine (MiniSearch in process, or Meilisearch), the query service and the indexer that keeps it fresh. */
  search: SearchService & {
    indexer: SearchIndexer;
    /** Shutdown: indexes what is queued, then saves (MiniSearch to the data folder) and releases the engine. */
    close(): Promise<void>;
  };
  /** /healthz (reads and writes) and /readyz (database, search, and in cluster mode Redis): server/health, ADR 025. */
  health: HealthService;
};

export function createServices({
  db,
  config,
  logger,
  collabLimits,
  documentStateOverride,
  searchEngine,
}: {
  db: Database;
  config: Config;
  logger: Logger;
  /** Tests tighten the sync server's limits. */
  collabLimits?: Partial<CollabLimits>;
  /** Tests wrap the state store (a slow or failing store). */
  documentStateOverride?: DocumentStateStore;
  /** Tests and scripts hand in an engine; by default config.search decides (in memory for an in-memory database). */
  searchEngine?: SearchEngine;
}): Services {
  const prisma = db.prisma;
  const cluster = createCluster({ config, logger });
  const documentState = documentStateOverride ?? createDocumentStateStore({ db: prisma, logger, insertLog: db.pglite && pgliteLogInsert(db.pglite) });
  const documents = createDocumentService({ db: prisma, store: documentState });
  // A team change re-checks the open sync sockets of the people it concerns (need-to-know, ADR 013).
  // A delivery locks documents (ADR 020): their open sockets reconnect read-only.
  const mandates = createMandateService({
    db: prisma,
    store: documentState,
    onTeamChanged: (userIds) => services.collab.revoke({ userIds }),
    onDocumentsLockChanged: (documentIds) => services.collab.revoke({ documentIds }),
    // Work is stored either way: a failed check is logged, and the sweep and the next change check again.
    onWork: (event) =>
      services.changeControl.checkWork(event).catch((error: unknown) => logger.error("change control: the assumption check failed", { ...event, error: String(error) })),
  });
  const engine = searchEngine ?? defaultSearchEngine(config);
  // An in-memory database has no DATA_DIR of its own and nothing to restore.
  const inMemoryDatabase = config.database.kind === "pglite" && config.database.dataDir === "memory://";
  const stamp = inMemoryDatabase ? undefined : createIndexStamp({ db: prisma, dataDir: config.dataDir });
  const indexer = createSearchIndexer({ db: prisma, engine, logger, stamp });
  // The engine initialises in the background; searches wait for it, and an empty or stale
  // index is rebuilt from the database without holding up the start.
  const searchReady = engine.init().then(() => indexer.start());
  searchReady.catch((error: unknown) => logger.error("search: the engine did not start", { error: String(error) }));
  const services: Services = {
    auth: createAuthService({
      db: prisma,
      config,
      loginStore: cluster.loginStore ?? undefined,
      onCredentialsEnded: (ended) => {
        services.collab.revoke(ended);
      },
    }),
    documents,
    promotions: createPromotionService({ db: prisma, documents }),
    approvalPolicies: createApprovalPolicyService({ db: prisma }),
    library: {
      ...createLibraryListing({ documents, usageCounts: (viewer, ids) => mandates.usageCounts(viewer, ids) }),
      ...createLibraryService({
        documents,
        accessRecord: { recordExport: (actor, target) => services.accessRecord.recordExport(actor, target) },
        // Built below: the library reaches it only once a request comes.
        comments: {
          threadsForExport: (viewer, id) => services.comments.threadsForExport(viewer, id),
          createThreadAtRange: (viewer, id, input) => services.comments.createThreadAtRange(viewer, id, input),
        },
      }),
    },
    mandates,
    requests: createRequestService({ db: prisma, appUrl: config.mail.appUrl, logger, sweepIntervalMs: config.acceptanceSweepIntervalMs }),
    // A save that changed outcomes checks the playbook's review triggers at once (not only on the
    // hourly sweep); the outcomes are stored either way, so a failed check is logged, not answered.
    outcomes: createOutcomeService({
      db: prisma,
      appUrl: config.mail.appUrl,
      onRecorded: async (documentId) => {
        await services.reviewTriggers
          .checkReviewTriggers([documentId])
          .catch((error: unknown) => logger.error("review triggers: the check after recording outcomes failed", { error: String(error) }));
      },
    }),
    effort: createEffortService({ db: prisma }),
    // A new wall closes the walled person's open sockets, so they re-check at once.
    access: createAccessService({ db: prisma, onAccessChanged: ({ userIds }) => services.collab.revoke({ userIds }) }),
    kpis: createKpiService({ db: prisma }),
    statusReports: createStatusReportService({
      db: prisma,
      appUrl: config.mail.appUrl,
      accessRecord: { recordExport: (actor, target) => services.accessRecord.recordExport(actor, target) },
    }),
    mandateLog: createMandateLog({ db: prisma }),
    reviewTriggers: createReviewTriggerService({ db: prisma, appUrl: config.mail.appUrl, logger }),
    changeControl: createChangeControlService({ db: prisma, appUrl: config.mail.appUrl, logger }),
    playbookOutcomes: createPlaybookOutcomes({
      kpis: { positionsKpis: (viewer, query) => services.kpis.positionsKpis(viewer, query) },
      reviewTriggers: { forPlaybook: (viewer, id) => services.reviewTriggers.forPlaybook(viewer, id) },
    }),
    templates: createTemplateService({ db: prisma, documents, mandates }),
    retention: createRetentionService({ db: prisma, retentionYears: config.retentionYears, logger }),
    documentState,
    inForceSweep: createInForceSweep({
      db: prisma,
      intervalMs: IN_FORCE_SWEEP_INTERVAL_MS,
      logger,
      onChanged: (documentIds) => documents.versionInForceChanged(documentIds),
    }),
    // Looked up on each upgrade, so a replaced services.auth (tests move its clock) is the one used.
    collab: createCollabServer({
      auth: { authenticateMany: (inputs) => services.auth.authenticateMany(inputs) },
      store: documentState,
      getAccessMany: (documentIds) => services.documents.getAccessMany(documentIds),
      // A sync socket reads the document: recorded once it is accepted (client material only).
      onOpened: ({ viewer, documentId, clientOrganizationId }) =>
        void services.accessRecord.recordRead(viewer, { documentId, clientOrganizationId, channel: "socket" }),
      config,
      logger,
      limits: collabLimits,
      cluster: {
        bus: cluster.bus,
        derivation: cluster.derivation,
        counter: cluster.createConnectionCounter(resolveLimits(collabLimits)),
      },
    }),
    cluster,
    search: {
      ...createSearchService({ engine, ready: searchReady }),
      indexer,
      async close() {
        // A short-lived process may close while the engine is still starting: let the start read
        // what it reads first, or it finds the database closed under it.
        await searchReady.catch(() => undefined);
        await indexer.close();
        await engine.close();
      },
    },
    accessRecord: createAccessRecordService({ db: prisma, logger }),
    notifications: createNotificationService({ db: prisma, config, logger }),
    // A thread changed: the sockets on the document that may read it refetch (no content on the socket).
    comments: createCommentService({
      db: prisma,
      store: documentState,
      appUrl: config.mail.appUrl,
      onChanged: (documentId, thread) => void services.collab.signalCommentsChanged(documentId, thread),
      onRead: (viewer, doc) => services.accessRecord.recordRead(viewer, { documentId: doc.id, clientOrganizationId: doc.clientOrganizationId, channel: "api" }),
    }),
    commentStreams: createCommentStreams(),
    audit: { list: (organizationId, opts) => listAuditEvents(prisma, organizationId, opts) },
    health: createHealthService({ db: prisma, search: engine, logger }),
  };
  if (config.cluster) {
    services.health.addReadinessCheck("redis", async () => ((await cluster.ping()) ? { ok: true } : { ok: false, error: "Redis did not answer" }));
  }
  // Restores and access changes reach open editors through the sync server.
  documents.connectSync(services.collab);
  // The sync server hears of every comment change and revocation (its own and, over the bus, the
  // other processes'): the event streams get them beside its sockets, one publisher for both.
  services.collab.onCommentsChanged((documentId, thread) => services.commentStreams.signal(documentId, thread));
  services.collab.onRevoked((scope) => services.commentStreams.revoke(scope));
  // Live edits (derived content) and metadata, access, restores and deletes reach the index.
  // A published document's index entry is its version in force (server/search/records.ts): typing
  // in its next draft changes nothing searchable, so it is not re-indexed (ADR 023).
  services.collab.onDerived((documentId, { published }) => {
    if (!published) indexer.enqueue(documentId);
  });
  documents.onChanged((documentId, change) => {
    // A delete leaves the index at once; the queued look-up then finds no row and deletes again,
    // so an indexing pass that read the row just before the delete cannot bring it back.
    if (change === "deleted") {
      void indexer.removeDocument(documentId).catch((error: unknown) => logger.error("search: removing a document failed", { documentId, error: String(error) }));
    }
    indexer.enqueue(documentId);
  });
  return services;
}

/**
 * config.search's engine: Meilisearch when MEILI_HOST is set, otherwise the embedded MiniSearch
 * index in the data folder (in memory for an in-memory database, as in tests).
 */
export function defaultSearchEngine(config: Config): SearchEngine & { needsRebuild(): boolean } {
  const inMemory = config.database.kind === "pglite" && config.database.dataDir === "memory://";
  return createSearchEngine(config.search, { inMemory: inMemory && config.search.kind === "embedded" });
}

/** What each request carries from Express into Remix loaders and API handlers. */
export type RequestState = {
  requestId: string;
  auth: Authenticated | null;
  clientIp: string;
  /** The request arrived over https (directly or through APP_ORIGIN), so cookies are Secure. */
  secure: boolean;
};

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: Services;
    state: RequestState;
    present: typeof presenters;
    /** This response's Content-Security-Policy nonce, for Remix's inline scripts (server/http/csp.ts). */
    cspNonce: string;
    cookies: {
      session(token: string, expiresAt: Date): string;
      clearSession(): string;
    };
  }
}
