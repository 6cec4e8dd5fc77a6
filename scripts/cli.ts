// What every command-line script shares: exiting with a message and a documented code, the
// checked environment (78), the services built by the server's own factory with the data-dir lock
// (75 while a server runs on the embedded database), and a progress bar on stderr.
import type { Config } from "../server/config.ts";
import { DataDirInUseError } from "../server/db/data-dir-lock.ts";
import type { Logger } from "../server/logger.ts";
import { openServices, requireNoServerForContentWrites, ServerRunningError, type OpenedServices } from "../server/open-services.ts";

export function fail(code: number, message: string): never {
  console.error(message);
  process.exit(code);
}

/** The environment, checked; a bad value exits 78 naming the variable (the server's own check). */
export { loadConfigOrExit } from "../server/config.ts";

/**
 * Opens (and migrates) the database and builds the services, as the server does; exits 75 when a
 * server holds the embedded data folder, or, with `writesContent`, when a server runs on
 * PostgreSQL without REDIS_URL (its open rooms would not see the writes).
 */
export async function openServicesOrExit(config: Config, logger: Logger, { writesContent = false } = {}): Promise<OpenedServices> {
  try {
    if (writesContent) await requireNoServerForContentWrites(config);
    return await openServices({ config, logger, role: "cli" });
  } catch (error) {
    if (error instanceof ServerRunningError) fail(75, error.message);
    if (error instanceof DataDirInUseError) {
      fail(75, `Nothing was changed: ${error.message}\nStop the server, run this command again, then start the server.`);
    }
    const detail = error instanceof Error ? error.message : String(error);
    fail(
      1,
      config.database.kind === "pglite"
        ? `Could not open the embedded database in ${config.database.dataDir}: ${detail}\nIf the Precedent server is running on this DATA_DIR, stop it first: only one process may open the data folder.`
        : `Could not open PostgreSQL (DATABASE_URL): ${detail}`,
    );
  }
}

const BAR_WIDTH = 30;

/** `[#####.....] 5/12 files` */
function progressLine(done: number, total: number, what: string): string {
  const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH;
  return `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${done}/${total} ${what}`;
}

/** The progress line redrawn in place on a terminal; a plain line per step otherwise. */
export function progressBar(done: number, total: number, what: string): void {
  const line = progressLine(done, total, what);
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${done === total ? "\n" : ""}`);
  else console.error(line);
}

/** The tail of every script's main(): an unexpected error is printed whole and exits 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
