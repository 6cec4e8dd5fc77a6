// Health and readiness (ADR 025). /healthz: is this process able to serve, reads AND writes (a
// full disk lets every SELECT through while every write fails). /readyz: do the parts it depends
// on answer (database, search engine, and in cluster mode Redis), for a load balancer to route by.
import os from "node:os";
import { HEALTH_CHECK_TIMEOUT_MS, HEALTH_WRITE_PROBE_INTERVAL_MS } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";

export type PartStatus = { ok: boolean; error?: string };
export type HealthReport = { ok: boolean; database: { read: boolean; write: boolean; error?: string } };
export type ReadinessReport = { ok: boolean; parts: Record<string, PartStatus> };
export type ReadinessCheck = () => Promise<PartStatus>;

export type HealthService = {
  /** /healthz: the database answers a read, and the last write probe (at most HEALTH_WRITE_PROBE_INTERVAL_MS old) succeeded. */
  health(): Promise<HealthReport>;
  /** /readyz: every named part answers. */
  ready(): Promise<ReadinessReport>;
  /** Another part to report on /readyz (cluster mode adds "redis"). */
  addReadinessCheck(name: string, check: ReadinessCheck): void;
};

const PROBE_ROW = "probe";

function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_CHECK_TIMEOUT_MS} ms`)), HEALTH_CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createHealthService({
  db,
  search,
  logger,
  now = Date.now,
}: {
  db: Db;
  search: { health(): Promise<{ ok: boolean; detail?: string }> };
  logger: Logger;
  now?: () => number;
}): HealthService {
  const writtenBy = `${os.hostname()}:${process.pid}`;
  let lastWrite: { at: number; ok: boolean } | undefined;
  let writing: Promise<boolean> | undefined;

  const read = () =>
    withinTimeout(db.$queryRaw`SELECT 1`).then(
      () => true,
      (error: unknown) => {
        logger.warn("health: the database did not answer a read", { error: String(error) });
        return false;
      },
    );

  // A real tiny write (an UPDATE makes a new row version and WAL, so a full disk refuses it),
  // at most once per interval: health checks every second must not become a write load.
  const write = (): Promise<boolean> => {
    if (lastWrite && now() - lastWrite.at < HEALTH_WRITE_PROBE_INTERVAL_MS) return Promise.resolve(lastWrite.ok);
    writing ??= withinTimeout(
      db.healthProbe.upsert({
        where: { id: PROBE_ROW },
        create: { id: PROBE_ROW, writtenAt: new Date(), writtenBy },
        update: { writtenAt: new Date(), writtenBy },
      }),
    )
      .then(
        () => true,
        (error: unknown) => {
          logger.error("health: the database refused a write", { error: String(error) });
          return false;
        },
      )
      .then((ok) => {
        lastWrite = { at: now(), ok };
        writing = undefined;
        return ok;
      });
    return writing;
  };

  const checks = new Map<string, ReadinessCheck>([
    ["database", async () => ((await read()) ? { ok: true } : { ok: false, error: "the database does not answer" })],
    [
      "search",
      async () => {
        const status = await withinTimeout(search.health()).catch((error: unknown) => ({ ok: false, detail: String(error) }));
        return status.ok ? { ok: true } : { ok: false, error: "the search engine does not answer" };
      },
    ],
  ]);

  return {
    async health() {
      const [readOk, writeOk] = await Promise.all([read(), write()]);
      const error = !readOk ? "the database does not answer" : !writeOk ? "the database refuses writes" : undefined;
      return { ok: readOk && writeOk, database: { read: readOk, write: writeOk, ...(error ? { error } : {}) } };
    },
    async ready() {
      const names = [...checks.keys()];
      const results = await Promise.all(names.map((name) => checks.get(name)!().catch((): PartStatus => ({ ok: false, error: "the check failed" }))));
      const parts = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
      return { ok: results.every((r) => r.ok), parts };
    },
    addReadinessCheck(name, check) {
      if (checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
      checks.set(name, check);
    },
  };
}
