// `npm run user:create` against a data folder (the server must be stopped: one process per
// embedded database). Resolves with the exit code and output instead of throwing.
import { execFile } from "node:child_process";
import path from "node:path";
import { ROOT } from "./server.ts";

const TSX = path.join(ROOT, "node_modules/.bin/tsx");

export function userCreate(args: string[], dataDir: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      TSX,
      ["scripts/user-create.ts", ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" }, timeout: 180_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
