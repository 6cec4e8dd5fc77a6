// What library:import and library:export share: arguments, the server's services (with the
// data-dir lock: exit 75 while the server runs on the embedded database), the acting user, and
// the search index (so imported documents are searchable without a reindex).
import { parseArgs } from "node:util";
import type { Viewer } from "../server/auth/viewer.ts";
import { loadViewer } from "../server/auth/viewer.ts";
import type { LibraryService } from "../server/library/import.ts";
import { DOCX_KINDS, isDocxKind } from "../server/library/library-source.ts";
import { createLogger } from "../server/logger.ts";
import { fail, loadConfigOrExit, openServicesOrExit } from "./cli.ts";

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
 * Opens everything a library command needs (the server's own services) and runs `work` as the
 * user (--as EMAIL, or the first admin of the provider), then drains the search indexer and
 * closes. `writesContent` (library:import): on PostgreSQL without REDIS_URL it refuses while a
 * server runs, whose open rooms would not see the import (exit 75).
 */
export async function withLibrary(
  as: string | undefined,
  /** `appUrl`: where the app is served (APP_ORIGIN, or this host and port), for links to documents. */
  work: (ctx: { viewer: Viewer; library: LibraryService; appUrl: string }) => Promise<number>,
  { writesContent }: { writesContent: boolean },
) {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel === "debug" ? "debug" : "warn");
  const { db, services, close } = await openServicesOrExit(config, logger, { writesContent });
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
    // Imported documents are indexed as they land; `ready` includes the indexer's catch-up, so what a
    // killed run committed but never indexed is indexed now (ADR 024).
    await services.search.ready;
    code = await work({ viewer, library: services.library, appUrl: config.mail.appUrl });
  } finally {
    // The indexer drains and the index saves before the database closes.
    await close();
  }
  return code;
}
