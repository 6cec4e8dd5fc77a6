// The embedded search index after a crash (ADR 024): a real server process on a DATA_DIR, killed
// with SIGKILL well within the index's 2 s save delay, then started again on the same folder; and a
// library import killed partway, then run again. Nothing may stay unsearchable.
// About 50 s and 100 s on a busy 2-core machine (several process starts on a file-backed PGlite).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterEach, expect, inject, test } from "vitest";
import { MINISEARCH_INDEX_FILE } from "../../server/search/minisearch-engine.ts";
import { searchStampPath } from "../../server/search/index-stamp.ts";
import { ROOT } from "../helpers/cli.ts";
import { createClient } from "../helpers/http.ts";
import { exited, killOnExit, stopProcess } from "../helpers/processes.ts";
import { waitFor } from "./collab-harness.ts";

const CHILD = path.join(import.meta.dirname, "search-crash-server.ts");
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) await stopProcess(child);
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function tempDataDir() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "precedent-search-crash-"));
  dirs.push(dir);
  return dir;
}

/** The PGlite snapshot only in a PGlite run; a PostgreSQL run migrates the new folder itself. */
const snapshotFile = () => {
  const target = inject("testDatabase");
  return target.kind === "pglite" ? target.snapshotFile : undefined;
};

async function startServer(dataDir: string) {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, JSON.stringify({ dataDir, snapshotFile: snapshotFile() })], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  killOnExit(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the server exited with ${code} before listening`)));
  });
  const { port, token } = JSON.parse(line) as { port: number; token: string };
  const api = createClient(`http://127.0.0.1:${port}`);
  const search = async (q: string) => {
    const response = await api.get(`/api/v1/search?q=${encodeURIComponent(q)}`, { bearer: token });
    expect(response.status).toBe(200);
    return (await response.json()) as { total: number; hits: { title: string }[] };
  };
  const create = async (title: string) => {
    const response = await api.post("/api/v1/documents", { kind: "PLAYBOOK", title }, { bearer: token });
    expect(response.status).toBe(201);
  };
  return { child, search, create };
}

async function kill(child: ChildProcess) {
  process.kill(child.pid!, "SIGKILL");
  await exited(child);
}

const savedTitles = async (dataDir: string) => {
  const text = await fs.readFile(path.join(dataDir, MINISEARCH_INDEX_FILE), "utf8").catch(() => null);
  return text ? (JSON.parse(text) as { records: { scope: string; title: string }[] }).records.filter((r) => r.scope === "documents").map((r) => r.title) : [];
};

test("a document created just before a SIGKILL is found by search after the restart, without any further edit", { timeout: 300_000 }, async () => {
  const dataDir = await tempDataDir();
  const first = await startServer(dataDir);
  await first.create("Alpha wombatindex");
  // A saved index that holds the first document: the restart loads it rather than rebuilding.
  await waitFor(async () => (await savedTitles(dataDir)).includes("Alpha wombatindex"), { timeoutMs: 20_000, what: "the index to be saved" });
  await waitFor(() => fs.stat(searchStampPath(dataDir)), { timeoutMs: 5_000, what: "the index stamp" });
  await first.create("Bravo quokkaindex");
  await kill(first.child);
  expect(await savedTitles(dataDir)).not.toContain("Bravo quokkaindex");

  const second = await startServer(dataDir);
  const found = await waitFor(async () => ((await second.search("quokkaindex")).total === 1 ? true : null), {
    timeoutMs: 20_000,
    what: "the document created before the kill to be searchable",
  });
  expect(found).toBe(true);
  expect((await second.search("wombatindex")).hits.map((h) => h.title)).toEqual(["Alpha wombatindex"]);
});

test("a library import killed partway, run again, leaves every file searchable", { timeout: 400_000 }, async () => {
  const dataDir = await tempDataDir();
  // The server ran once (an admin, one document, a saved index of this database), then stopped.
  const server = await startServer(dataDir);
  await server.create("Existing narwhalimport");
  await waitFor(async () => (await savedTitles(dataDir)).length === 1, { timeoutMs: 20_000, what: "the index to be saved" });
  await stopProcess(server.child);

  const folder = path.join(dataDir, "library");
  await fs.mkdir(folder);
  const FILES = 60;
  for (let i = 0; i < FILES; i++) {
    const slug = `crash-import-${String(i).padStart(2, "0")}`;
    await fs.writeFile(path.join(folder, `${slug}.md`), `---\nslug: ${slug}\nkind: precedent\ntitle: Imported ${i} narwhalimport\n---\n\nClause ${i}.\n`);
  }
  const runImport = () => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/library-import.ts", folder], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATA_DIR: dataDir, LOG_LEVEL: "warn" } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    killOnExit(child);
    return child;
  };

  // Killed once it reports 15 files done (progress lines on stderr: "files 15/60 …").
  const killed = runImport();
  let killedAt = 0;
  await new Promise<void>((resolve) => {
    createInterface({ input: killed.stderr! }).on("line", (line) => {
      const done = Number(/(\d+)\s*\/\s*\d+/.exec(line)?.[1] ?? 0);
      if (done >= 15 && !killedAt) {
        killedAt = done;
        process.kill(killed.pid!, "SIGKILL");
      }
    });
    killed.once("exit", () => resolve());
  });
  expect(killedAt).toBeGreaterThanOrEqual(15);
  expect(killedAt).toBeLessThan(FILES);

  const rerun = runImport();
  const [code] = await Promise.all([new Promise((resolve) => rerun.once("exit", resolve))]);
  expect(code).toBe(0);
  // The re-run indexed what the killed run committed (today's import skips those files as unchanged).
  expect((await savedTitles(dataDir)).filter((t) => t.includes("narwhalimport"))).toHaveLength(FILES + 1);

  const restarted = await startServer(dataDir);
  expect((await restarted.search("narwhalimport")).total).toBe(FILES + 1);
});
