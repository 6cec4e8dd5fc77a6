// What the helpers that start real servers for tests and benchmarks (Meilisearch, PostgreSQL,
// Redis) share: a free loopback port, and stopping a child BY ITS PID.
import type { ChildProcess } from "node:child_process";
import net from "node:net";

const STOP_GRACE_MS = 5_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });

/** SIGTERM by pid, then SIGKILL after a grace period. */
export async function stopProcess(child: ChildProcess, graceMs = STOP_GRACE_MS) {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  const timedOut = await Promise.race([exited(child).then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref())]);
  if (timedOut) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
    await exited(child);
  }
}

/** Kills the child by pid if this process exits without stopping it (a failed run). Returns the remover. */
export function killOnExit(child: ChildProcess, alsoRun?: () => void): () => void {
  const handler = () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    alsoRun?.();
  };
  process.once("exit", handler);
  return () => process.removeListener("exit", handler);
}
