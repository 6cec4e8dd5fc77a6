import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";
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
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<unknown> | undefined;

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
      if (timer) return;
      const pass = () => {
        if (running) return;
        running = service
          .purge()
          .then((report) => {
            if (report.purged.length) logger?.info("retention: purged documents past the trash period", { purged: report.purged.length, kept: report.kept.length });
          })
          .catch((error: unknown) => logger?.error("retention: the purge failed", { error: String(error) }))
          .finally(() => (running = undefined));
      };
      pass();
      timer = setInterval(pass, intervalMs);
      timer.unref();
    },
    /** Stops the timer and waits for a pass in progress. */
    async stopPurging() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
  return service;
}
export type RetentionService = ReturnType<typeof createRetentionService>;
