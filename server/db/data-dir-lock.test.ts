import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { DataDirInUseError, lockDataDir } from "./data-dir-lock.ts";

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

function tempDataDir() {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "precedent-lock-")), "pg");
}

/** A live process that is not us, to stand for a running server. */
function otherLiveProcess(): number {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  children.push(child);
  return child.pid!;
}

describe("data folder lock", () => {
  test("refuses while another live process holds the folder, naming it", async () => {
    const dir = tempDataDir();
    const pid = otherLiveProcess();
    fs.writeFileSync(`${dir}.lock`, String(pid));
    const error = await lockDataDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirInUseError);
    expect((error as Error).message).toContain(String(pid));
    expect(fs.readFileSync(`${dir}.lock`, "utf8")).toBe(String(pid));
  });

  test("takes over a lock left by a process that is gone, and releases it", async () => {
    const dir = tempDataDir();
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    const deadPid = child.pid!;
    await new Promise((resolve) => child.once("exit", resolve));
    fs.writeFileSync(`${dir}.lock`, String(deadPid));
    const release = await lockDataDir(dir);
    expect(fs.readFileSync(`${dir}.lock`, "utf8")).toBe(String(process.pid));
    await release();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });
});
