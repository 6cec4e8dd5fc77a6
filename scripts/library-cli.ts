// What library:import and library:export share: arguments, the database (with the data-dir
// lock: exit 75 while the server runs on the embedded database), the acting user, and the search
// index (so imported documents are searchable without a reindex).
import { parseArgs } from "node:util";
import { createAccessRecordService } from "../server/access-record/index.ts";
import type { Viewer } from "../server/auth/viewer.ts";
import { loadViewer } from "../server/auth/viewer.ts";
import { defaultSearchEngine } from "../server/context.ts";
import { createDocumentService } from "../server/documents/service.ts";
import { createLibraryService, type LibraryService } from "../server/library/import.ts";
import { DOCX_KINDS, isDocxKind } from "../server/library/library-source.ts";
import { createLogger } from "../server/logger.ts";
import { createSearchIndexer } from "../server/search/indexer.ts";
import { fail, loadConfigOrExit, openDatabaseOrExit } from "./cli.ts";

/** The arguments of a library command; `--kind` (what Word files become) only where `withKind` says so. */
export function parseLibraryArgs(usage: string, { withKind = false } = {}) {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      allowPositionals: true,
      options: { as: { type: "string" }, help: { type: "boolean", short: "h" }, ...(withKind ? { kind: { type: "string" as const } } : {}) },
    });
  } catch (error) {
    fail(2, `${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
  if (parsed.values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (parsed.positionals.length === 0) fail(2, usage);
  const kind = parsed.values.kind;
  if (kind !== undefined && !isDocxKind(kind)) fail(2, `--kind is one of ${DOCX_KINDS.join(", ")}.\n\n${usage}`);
  return { paths: parsed.positionals, as: parsed.values.as?.trim().toLowerCase(), kind };
}

/**
 * Opens everything a library command needs and runs `work` as the user (--as EMAIL, or the
 * first admin of the provider), then drains the search indexer and closes.
 */
export async function withLibrary(as: string | undefined, work: (ctx: { viewer: Viewer; library: LibraryService }) => Promise<number>) {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel === "debug" ? "debug" : "warn");
  const db = await openDatabaseOrExit(config);
  const engine = defaultSearchEngine(config);
  let code = 1;
  try {
    const user = as
      ? await db.prisma.user.findUnique({ where: { email: as }, select: { id: true } })
      : await db.prisma.user.findFirst({
          where: { memberships: { some: { role: "ADMIN", organization: { kind: "PROVIDER" } } } },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: { id: true },
        });
    const viewer = user && (await loadViewer(db.prisma, user.id));
    if (!viewer) fail(2, as ? `There is no user ${as}.` : "There is no admin yet: start the server once, or create one with npm run user:create.");
    await engine.init();
    const indexer = createSearchIndexer({ db: db.prisma, engine, logger });
    // Catches up first: what a killed run committed but never indexed is indexed now (ADR 024).
    await indexer.start();
    const documents = createDocumentService({ db: db.prisma });
    documents.onChanged((documentId) => indexer.enqueue(documentId));
    // A whole-library export of client material is on the access record, as a download is.
    const accessRecord = createAccessRecordService({ db: db.prisma, logger });
    code = await work({ viewer, library: createLibraryService({ documents, accessRecord }) });
    await indexer.close();
    await engine.close();
  } finally {
    await db.close();
  }
  return code;
}
