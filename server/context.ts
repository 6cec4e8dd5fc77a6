import type { AuthService, Authenticated } from "./auth/index.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import type { Logger } from "./logger.ts";
import { createAuthService } from "./auth/service.ts";
import { listAuditEvents } from "./audit/service.ts";
import { presentApiToken, presentViewer } from "./auth/presenter.ts";
import { createDocumentService, type DocumentService } from "./documents/service.ts";
import {
  presentDiff,
  presentDocument,
  presentDocumentSummary,
  presentFacets,
  presentToolkitItem,
  presentVersion,
} from "./documents/presenter.ts";

/** Presenters handed to Remix loaders, so `app/` needs no runtime import from `server/`. */
export const presenters = {
  viewer: presentViewer,
  apiToken: presentApiToken,
  document: presentDocument,
  documentSummary: presentDocumentSummary,
  documentFacets: presentFacets,
  toolkitItem: presentToolkitItem,
  version: presentVersion,
  diff: presentDiff,
};

/** Every service, built once in server/index.ts and handed down. */
export type Services = {
  auth: AuthService;
  documents: DocumentService;
  audit: { list: (organizationId: string, opts?: { limit?: number }) => ReturnType<typeof listAuditEvents> };
  health: () => Promise<{ ok: boolean; database: boolean }>;
};

export function createServices({ db, config }: { db: Database; config: Config; logger: Logger }): Services {
  const prisma = db.prisma;
  return {
    auth: createAuthService({ db: prisma, config }),
    documents: createDocumentService({ db: prisma }),
    audit: { list: (organizationId, opts) => listAuditEvents(prisma, organizationId, opts) },
    health: async () => {
      const database = await prisma.$queryRaw`SELECT 1`.then(
        () => true,
        () => false,
      );
      return { ok: database, database };
    },
  };
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
    cookies: {
      session(token: string, expiresAt: Date): string;
      clearSession(): string;
    };
  }
}
