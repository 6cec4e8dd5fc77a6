import fs from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";
import { applyMigrations, type MigrationPaths } from "./migrate.ts";
import { lockDataDir } from "./data-dir-lock.ts";

export type Db = InstanceType<typeof PrismaClient>;

export type DatabaseOptions =
  | { kind: "pglite"; dataDir: string; /** start from a dumped data folder (tests) */ loadDataDir?: Blob }
  | { kind: "postgres"; url: string };

export type Database = {
  prisma: Db;
  kind: DatabaseOptions["kind"];
  /** The same adapter factory Prisma uses, for the schema engine. */
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** PGlite only: the raw instance (for dumpDataDir in tests). */
  pglite?: PGlite;
  /** Applies pending migrations (on PostgreSQL on a connection of its own, under a lock). */
  migrate(paths?: MigrationPaths): Promise<string[]>;
  close(): Promise<void>;
};

/**
 * adapter-pg 7.10 rejects OID 18 ("char") columns, which the schema engine's pg_catalog
 * introspection returns; report them as text (25).
 */
function charAsTextPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  const query = pool.query.bind(pool) as (...a: unknown[]) => unknown;
  (pool as unknown as { query: (...a: unknown[]) => unknown }).query = (...args) => {
    const result = query(...args);
    if (result instanceof Promise) {
      return result.then((res: pg.QueryResult) => {
        for (const field of res?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
        return res;
      });
    }
    return result;
  };
  return pool;
}

/**
 * PrismaPg's executeScript splits a script on every ";", inside a function body too, so a
 * migration with PL/pgSQL (the KPI rollups' triggers) broke on PostgreSQL while PGlite ran it.
 * PostgreSQL runs a whole script as one simple query (one implicit transaction): send it so.
 */
function wholeScripts<A extends SqlDriverAdapter & { underlyingDriver(): pg.Pool | pg.PoolClient }>(adapter: A): A {
  return new Proxy(adapter, {
    get(target, prop) {
      if (prop === "executeScript") {
        return async (script: string) => {
          await target.underlyingDriver().query(script);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function postgresFactory(
  url: string,
  { max = 10 }: { max?: number } = {},
): { factory: SqlMigrationAwareDriverAdapterFactory; pool: pg.Pool; end(): Promise<void> } {
  const u = new URL(url);
  const base: pg.PoolConfig = {
    host: u.hostname,
    port: Number(u.port || 5432),
    database: decodeURIComponent(u.pathname.slice(1)),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    ssl: u.searchParams.get("sslmode") === "require" ? { rejectUnauthorized: false } : undefined,
    max,
  };
  const make = (c: pg.PoolConfig) => new PrismaPg(charAsTextPool(c), { disposeExternalPool: true });
  const pool = charAsTextPool(base);
  const main = new PrismaPg(pool, { disposeExternalPool: true });
  // The schema engine never disposes its adapter, and Prisma disposes only one it connected:
  // without this, close() after migrating but before any query leaves a connection open.
  const end = async () => {
    if (!pool.ending) await pool.end();
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    adapterName: main.adapterName,
    provider: main.provider,
    connect: async () => wholeScripts(await main.connect()),
    // PrismaPg's own shadow handling ignores the database name and drops the shadow
    // database while its pool is still open; do it in order.
    connectToShadowDb: async () => {
      const name = `prisma_migrate_shadow_db_${crypto.randomUUID().replaceAll("-", "")}`;
      const admin = await make(base).connect();
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      const shadow = wholeScripts(await make({ ...base, database: name }).connect());
      const dispose = async () => {
        await shadow.dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
        await admin.dispose();
      };
      return new Proxy(shadow, {
        get: (t: SqlDriverAdapter, p) => {
          if (p === "dispose") return dispose;
          const v: unknown = Reflect.get(t, p, t);
          return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
        },
      });
    },
  };
  return { factory, pool, end };
}

/**
 * Migrations on PostgreSQL run on a pool of exactly one connection of their own, ended when they
 * are done. Prisma's advisory lock is a session lock: taken through the shared pool it went back to
 * the pool still held, and a health check every few seconds kept that connection alive, so a second
 * process or a CLI waited for ever (ADR 025). Before Prisma's lock (which gives up after 10 s) we
 * wait on our own for as long as another process migrates; then Prisma's is free, and the
 * second process finds nothing left to apply.
 */
export const MIGRATION_LOCK_KEY = 7_025_001;

async function migratePostgres(url: string, paths: MigrationPaths | undefined): Promise<string[]> {
  const own = postgresFactory(url, { max: 1 });
  try {
    await own.pool.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    return await applyMigrations(own.factory, paths);
  } finally {
    // Closing the session releases both locks, whatever happened.
    await own.end();
  }
}

/**
 * Opens the database, applies pending migrations, and returns one Prisma client over it.
 * The same adapter factory serves the schema engine and the client, so migrations land on the
 * instance the app then uses.
 */
export async function openDatabase(
  options: DatabaseOptions,
  {
    migrate = true,
    migrationPaths,
    analyzeEveryMs,
    onAnalyzeError,
  }: {
    migrate?: boolean;
    migrationPaths?: MigrationPaths;
    /** PGlite only: run ANALYZE again this often in the background (the server passes DB_ANALYZE_INTERVAL_MS). */
    analyzeEveryMs?: number;
    /** Where a failed background ANALYZE is reported (the next one tries again). */
    onAnalyzeError?: (error: unknown) => void;
  } = {},
): Promise<Database & { appliedMigrations: string[] }> {
  let factory: SqlMigrationAwareDriverAdapterFactory;
  let pglite: PGlite | undefined;
  let endPool: (() => Promise<void>) | undefined;
  let unlock: (() => Promise<void>) | undefined;
  if (options.kind === "pglite") {
    if (!options.dataDir.startsWith("memory://")) {
      await fs.mkdir(options.dataDir, { recursive: true });
      unlock = await lockDataDir(options.dataDir);
    }
    try {
      pglite = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
    } catch (error) {
      await unlock?.();
      throw error;
    }
    factory = new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory;
  } else {
    ({ factory, end: endPool } = postgresFactory(options.url));
  }
  const runMigrations = (paths?: MigrationPaths) =>
    options.kind === "postgres" ? migratePostgres(options.url, paths) : applyMigrations(factory, paths);
  let appliedMigrations: string[] = [];
  try {
    if (migrate) appliedMigrations = await runMigrations(migrationPaths);
  } catch (error) {
    await pglite?.close();
    await endPool?.();
    await unlock?.();
    throw error;
  }
  // PGlite runs no autovacuum, so nothing else ever runs ANALYZE: without statistics the planner
  // guesses row counts and picked plans 20× slower on the portfolio KPIs (ADR 010 addendum).
  // Once after migrating (the server's start; a test's snapshot was analysed when it was made),
  // then every `analyzeEveryMs` while the data grows. PGlite serialises queries, and Prisma's
  // transactions hold its lock, so a background ANALYZE never lands inside one.
  let analyzing: Promise<unknown> = Promise.resolve();
  let analyzeTimer: NodeJS.Timeout | undefined;
  if (pglite) {
    const db = pglite;
    if (migrate) await db.exec("ANALYZE");
    if (analyzeEveryMs) {
      analyzeTimer = setInterval(() => {
        analyzing = db.exec("ANALYZE").catch((error: unknown) => onAnalyzeError?.(error));
      }, analyzeEveryMs);
      analyzeTimer.unref();
    }
  }
  const prisma = new PrismaClient({ adapter: factory });
  return {
    prisma,
    kind: options.kind,
    factory,
    pglite,
    appliedMigrations,
    migrate: runMigrations,
    async close() {
      clearInterval(analyzeTimer);
      await analyzing;
      await prisma.$disconnect();
      await endPool?.();
      await pglite?.close();
      await unlock?.();
    },
  };
}
