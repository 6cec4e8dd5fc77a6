// Starts the BUILT server (dist/server/index.js) as a child process on a fresh data folder and
// a free port, the way a person installing Precedent would run it, and stops it by pid.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const SERVER_ENTRY = path.join(ROOT, "dist/server/index.js");

const LISTENING = /Precedent is listening on (http:\/\/\S+)/;
const PRINTED_EMAIL = /Sign in with\s+email:\s*(\S+)/;
const PRINTED_PASSWORD = /^\s*password:\s*(\S+)\s*$/m;

export type RunningServer = {
  /** Where the server listens, e.g. http://127.0.0.1:43123 */
  url: string;
  pid: number;
  dataDir: string;
  /** The admin sign-in printed on first start, if it was printed. */
  admin: { email: string; password: string } | undefined;
  /** Everything the server wrote to stdout and stderr so far. */
  log(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; removes the data folder unless it was given. */
  stop(graceMs?: number): Promise<void>;
};

const live = new Set<ChildProcess>();
// Last resort if the test worker exits without running teardown: no server outlives it.
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off("exit", onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once("exit", onExit);
  });
}

export async function startServer({
  env = {},
  dataDir,
  // A first start takes ~5 s on an idle 2-core machine and 40 s+ on a crowded one.
  startTimeoutMs = 120_000,
}: { env?: Record<string, string>; dataDir?: string; startTimeoutMs?: number } = {}): Promise<RunningServer> {
  if (!fs.existsSync(SERVER_ENTRY)) {
    throw new Error(`${SERVER_ENTRY} is missing: build first (\`npm run test:e2e\` builds, \`npx playwright test\` does not).`);
  }
  const ownDataDir = !dataDir;
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "precedent-e2e-"));
  const child = spawn(process.execPath, ["--enable-source-maps", SERVER_ENTRY], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATA_DIR: dir,
      PORT: "0", // the OS picks a free port; the server logs which
      HOST: "127.0.0.1",
      DATABASE_URL: "", // the embedded database, whatever the caller's shell has
      MEILI_HOST: "",
      APP_ORIGIN: "",
      SEED_DEMO: "true",
      LOG_LEVEL: "info",
      ...env,
    },
  });
  live.add(child);
  child.once("exit", () => live.delete(child));

  let output = "";
  const stop = async (graceMs = 15_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      if (!(await waitForExit(child, graceMs))) {
        child.kill("SIGKILL");
        await waitForExit(child, 5_000);
      }
    }
    if (ownDataDir) fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The server did not say it was listening within ${startTimeoutMs} ms.`)),
        startTimeoutMs,
      );
      const onLine = (line: string) => {
        output += line + "\n";
        const match = LISTENING.exec(line);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      readline.createInterface({ input: child.stdout! }).on("line", onLine);
      readline.createInterface({ input: child.stderr! }).on("line", onLine);
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`The server exited before listening (code ${code}, signal ${signal}).`));
      });
    });
    const email = PRINTED_EMAIL.exec(output)?.[1];
    const password = PRINTED_PASSWORD.exec(output)?.[1];
    return {
      url,
      pid: child.pid!,
      dataDir: dir,
      admin: email && password ? { email, password } : undefined,
      log: () => output,
      stop,
    };
  } catch (error) {
    await stop(5_000);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- server output ---\n${output}`);
  }
}
