import fs from "node:fs/promises";

/**
 * PGlite does not lock its data folder, and a second process opening it corrupts it silently.
 * We keep `<dataDir>.lock` holding the owner's pid for as long as the database is open.
 */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly lockFile: string,
  ) {
    super(
      `The embedded database at ${dataDir} is open in process ${pid} (probably the Precedent server). ` +
        `Only one process may open a data folder: stop that process first. ` +
        `If none is running, remove ${lockFile}.`,
    );
    this.name = "DataDirInUseError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock (or a stale one whose process is gone); returns its release. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = `${dataDir.replace(/[\\/]+$/, "")}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(lockFile, String(process.pid), { flag: "wx" });
      return async () => {
        const owner = await fs.readFile(lockFile, "utf8").catch(() => "");
        if (owner.trim() === String(process.pid)) await fs.rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number((await fs.readFile(lockFile, "utf8").catch(() => "")).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DataDirInUseError(dataDir, pid, lockFile);
      }
      // Left by a process that is gone (a crash or SIGKILL): take it over.
      await fs.rm(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}: ${lockFile} keeps reappearing.`);
}
