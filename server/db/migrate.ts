// Offline Prisma migrations: the wasm schema engine driven through our own driver adapter,
// because the Prisma CLI cannot download its schema-engine binary here
// (docs/decisions/002-offline-migrations.md). The folder format is Prisma's own, so
// `prisma migrate deploy` on an online machine reads the same history.
import fs from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import * as engineWasm from "@prisma/schema-engine-wasm/schema_engine_bg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

const LOCKFILE = "migration_lock.toml";
const FILTERS = { externalTables: [] as string[], externalEnums: [] as string[] };
const PROJECT_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

export type MigrationPaths = { schemaFile: string; migrationsDir: string };

/** Finds prisma/ from the source tree or from the bundle in dist/server/. */
export async function defaultMigrationPaths(): Promise<MigrationPaths> {
  const candidates = [PROJECT_ROOT, process.cwd()];
  for (const root of candidates) {
    const schemaFile = path.join(root, "prisma", "schema.prisma");
    if (await exists(schemaFile)) return { schemaFile, migrationsDir: path.join(root, "prisma", "migrations") };
  }
  throw new Error(`prisma/schema.prisma not found (looked in ${candidates.join(", ")})`);
}

async function exists(file: string) {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

let wasmReady = false;
async function initWasm() {
  if (wasmReady) return;
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const module = new WebAssembly.Module(await fs.readFile(path.join(dir, "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(module, {
    "./schema_engine_bg.js": engineWasm as unknown as WebAssembly.ModuleImports,
  });
  (engineWasm as unknown as { __wbg_set_wasm(e: WebAssembly.Exports): void }).__wbg_set_wasm(instance.exports);
  (instance.exports as unknown as { __wbindgen_start(): void }).__wbindgen_start();
  wasmReady = true;
}

function bound(target: object, prop: string | symbol) {
  const value: unknown = Reflect.get(target, prop, target);
  return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
}

/**
 * The engine replays migrations into the shadow database with parameterless executeRaw;
 * route those to executeScript so multi-statement migration files run whole.
 */
function withScriptSafeShadow(f: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    adapterName: f.adapterName,
    provider: f.provider,
    connect: () => f.connect(),
    connectToShadowDb: async () => {
      const adapter = await f.connectToShadowDb();
      return new Proxy(adapter, {
        get(target, prop) {
          if (prop === "executeRaw") {
            return async (q: { sql: string; args: unknown[] }) => {
              if (q.args.length) return target.executeRaw(q as Parameters<SqlDriverAdapter["executeRaw"]>[0]);
              await target.executeScript(q.sql);
              return 0;
            };
          }
          return bound(target, prop);
        },
      });
    },
  };
}

type SchemaFile = { path: string; content: string };

async function readSchema(paths: MigrationPaths): Promise<SchemaFile[]> {
  return [{ path: paths.schemaFile, content: await fs.readFile(paths.schemaFile, "utf8") }];
}

async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  files: SchemaFile[],
  run: (engine: engineWasm.SchemaEngine) => Promise<T>,
): Promise<T> {
  await initWasm();
  const adapter = bindMigrationAwareSqlAdapterFactory(withScriptSafeShadow(factory));
  const log = (m: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) console.error(m);
  };
  const engine = await engineWasm.SchemaEngine.new(
    { datamodels: files.map((f) => [f.path, f.content] as [string, string]) },
    log,
    adapter,
  );
  try {
    return await run(engine);
  } finally {
    engine.free();
  }
}

async function readMigrations(migrationsDir: string) {
  const lock = await fs.readFile(path.join(migrationsDir, LOCKFILE), "utf8").catch(() => null);
  const dirs = (await fs.readdir(migrationsDir, { withFileTypes: true }).catch(() => []))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const migrationDirectories = await Promise.all(
    dirs.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: await fs.readFile(path.join(migrationsDir, name, "migration.sql"), "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (e: Error) => ({ tag: "error" as const, value: e.message }),
        ),
      },
    })),
  );
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE, content: lock },
    migrationDirectories,
    shadowDbInitScript: "",
  };
}

function lockfileText(provider: string) {
  return `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`;
}

/** Applies every migration not yet recorded in `_prisma_migrations`. Returns the names applied. */
export async function applyMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  paths?: MigrationPaths,
): Promise<string[]> {
  const p = paths ?? (await defaultMigrationPaths());
  return withEngine(factory, await readSchema(p), async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrations(p.migrationsDir),
      filters: FILTERS,
    });
    return appliedMigrationNames;
  });
}

/**
 * The SQL that would bring the migration history up to schema.prisma, or null when they agree.
 * Replays the migrations into the factory's shadow database to compare.
 */
export async function diffMigrationsToSchema(
  factory: SqlMigrationAwareDriverAdapterFactory,
  paths?: MigrationPaths,
): Promise<string | null> {
  const p = paths ?? (await defaultMigrationPaths());
  const files = await readSchema(p);
  return withEngine(factory, files, async (engine) => {
    const list = await readMigrations(p.migrationsDir);
    const from = list.migrationDirectories.length
      ? {
          tag: "migrations" as const,
          ...list,
          lockfile: { path: LOCKFILE, content: list.lockfile.content ?? lockfileText("postgresql") },
        }
      : { tag: "empty" as const };
    const { stdout } = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: null,
      filters: FILTERS,
    });
    const sql = stdout?.trim() ?? "";
    return !sql || sql.includes("-- This is an empty migration.") ? null : sql + "\n";
  });
}

/** Writes prisma/migrations/<timestamp>_<name>/migration.sql for the pending schema change, if any. */
export async function createMigration(
  factory: SqlMigrationAwareDriverAdapterFactory,
  name: string,
  paths?: MigrationPaths,
): Promise<string | null> {
  const p = paths ?? (await defaultMigrationPaths());
  const sql = await diffMigrationsToSchema(factory, p);
  if (!sql) return null;
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const dirName = `${stamp}_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
  await fs.mkdir(path.join(p.migrationsDir, dirName), { recursive: true });
  await fs.writeFile(path.join(p.migrationsDir, dirName, "migration.sql"), sql);
  const lockPath = path.join(p.migrationsDir, LOCKFILE);
  if (!(await exists(lockPath))) await fs.writeFile(lockPath, lockfileText("postgresql"));
  return dirName;
}
