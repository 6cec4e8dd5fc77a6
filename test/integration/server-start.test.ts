import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

function startServer(env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe("server start", () => {
  test.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ DATABASE_URL: "mysql://root@localhost/precedent" }, "DATABASE_URL"],
    [{ SESSION_SECRET: "short" }, "SESSION_SECRET"],
    [{ MEILI_HOST: "not a url" }, "MEILI_HOST"],
    // Cluster mode needs the shared engines; the Redis password is never echoed.
    [{ REDIS_URL: "redis://:hunter22@127.0.0.1:6379", DATABASE_URL: "postgres://127.0.0.1:1/precedent" }, "MEILI_HOST"],
  ])("refuses a bad %o with a message naming %s, and creates nothing", { timeout: 120_000 }, async (env, variable) => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "precedent-start-")), "data");
    const { code, stderr } = await startServer({ ...env, DATA_DIR: dataDir });
    expect(code).toBe(78);
    expect(stderr).toContain("Invalid configuration");
    expect(stderr).toContain(variable);
    expect(stderr).not.toContain("hunter22");
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});
