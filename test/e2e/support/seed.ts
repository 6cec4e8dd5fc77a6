import { execFile } from "node:child_process";
import path from "node:path";
import { ROOT } from "./server.ts";

/**
 * Runs a seed script (test/e2e/support/*-seed.ts) on a stopped data folder, the way an operator
 * prepares one, and returns what it printed last as JSON (the ids the spec needs).
 */
export function runSeedScript<T>(script: string, dataDir: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    execFile(
      path.join(ROOT, "node_modules/.bin/tsx"),
      [script],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", MEILI_HOST: "" }, timeout: 240_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`seeding failed: ${error.message}\n${stdout}\n${stderr}`));
        const last = stdout.trim().split("\n").at(-1) ?? "";
        resolve(JSON.parse(last) as T);
      },
    );
  });
}
