/**
 * Starts a real Redis for tests and benchmarks: /usr/bin/redis-server (Debian's package; CI
 * installs it) on 127.0.0.1 and a free port, with nothing written to disk. stop() ends it BY ITS
 * PID. Where the binary is missing the result says why instead of throwing.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import { Redis } from "ioredis";
import { freePort, killOnExit, stopProcess } from "./processes.ts";

export const REDIS_SERVER_BINARY = "/usr/bin/redis-server";
const START_TIMEOUT_MS = 10_000;

export type RedisServer = { url: string; pid: number; stop(): Promise<void> };

export async function startRedis(): Promise<RedisServer> {
  await fs.access(REDIS_SERVER_BINARY).catch(() => {
    throw new Error(`No ${REDIS_SERVER_BINARY}: install Debian's redis-server (apt-get install redis-server).`);
  });
  const port = await freePort();
  const child = spawn(REDIS_SERVER_BINARY, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const removeKill = killOnExit(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined);
    const up = await probe.connect().then(
      () => probe.ping().then((answer) => answer === "PONG"),
      () => false,
    );
    probe.disconnect();
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopProcess(child);
      removeKill();
      throw new Error(`redis-server did not start on port ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      await stopProcess(child);
      removeKill();
    },
  };
}
