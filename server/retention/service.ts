import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import { createPeriodicJob } from "../periodic-job.ts";
import { createHoldCommands } from "./holds.ts";
import { canManageHolds } from "./policy.ts";
import { purgeTrash } from "./purge.ts";
import { listTrash } from "./trash.ts";

/**
 * Retention (ADR 021): the trash as people see it, legal holds, and the purge. Moving to and out
 * of the trash goes through the documents service (it tells search and open sockets), which calls
 * trash.ts; the rules that keep material (holds, RETENTION_YEARS) are rules.ts.
 */
export function createRetentionService({ db, retentionYears, logger, now = () => new Date() }: { db: Db; retentionYears: number; logger?: Logger; now?: () => Date }) {
  let purging: ReturnType<typeof createPeriodicJob<void>> | undefined;

  const service = {
    retentionYears,
    /** What the UI may offer about holds for this provider organisation. */
    holdAbilities: (viewer: Viewer, providerOrganizationId: string) => ({ manage: canManageHolds(viewer, providerOrganizationId) }),
    listTrash: (viewer: Viewer) => listTrash(db, viewer, { now: now(), retentionYears }),
    ...createHoldCommands({ db, now }),
    /** The purge, as the command and the server's timer run it. */
    purge: (options: { dryRun?: boolean } = {}) => purgeTrash(db, { now: now(), retentionYears, dryRun: options.dryRun }),

    /** Purges now and then every `intervalMs` (one pass at a time) until stopPurging. */
    startPurging(intervalMs: number) {
      purging ??= createPeriodicJob({
        name: "retention: the purge",
        intervalMs,
        logger,
        run: async () => {
          const report = await service.purge();
          if (report.purged.length) logger?.info("retention: purged documents past the trash period", { purged: report.purged.length, kept: report.kept.length });
        },
      });
      purging.start();
    },
    /** Stops the timer and waits for a pass in progress. */
    async stopPurging() {
      await purging?.stop();
    },
  };
  return service;
}
export type RetentionService = ReturnType<typeof createRetentionService>;
