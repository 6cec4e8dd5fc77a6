// Starting and stopping the servers under test. Each runs in a child process of its own (its RSS
// is its own), started with --expose-gc, on 127.0.0.1, and is stopped by its pid. A server that
// refuses to start (exit 78/75 with a message) throws, and the bench prints its row as n/a.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleServer } from "../../scripts/bundle-server.ts";
import { startMeilisearch } from "../../test/helpers/meilisearch.ts";
import { startPostgres } from "../../test/helpers/postgres.ts";
import { killOnExit, stopProcess } from "../../test/helpers/processes.ts";
import { startRedis } from "../../test/helpers/redis.ts";
import type { Memory } from "./child.ts";
import type { Protocol } from "./clients.ts";
import type { Fixture, FixtureRequest } from "./fixture.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Generous: a first start creates the database and migrates it, slow on a busy machine. */
const START_TIMEOUT_MS = 180_000;
const MEMORY_TIMEOUT_MS = 30_000;

export type ServerUnderTest = {
  name: string;
  /** What the server stores, and when. */
  persists: string;
  protocol: Protocol;
  /** Client i talks to urls[i % urls.length]: two cluster processes are two ports, no balancer. */
  urls: string[];
  tokens: string[];
  documents: string[];
  bigDocument: string;
  /** After a full GC in every process of the server, summed. */
  memory(): Promise<Memory>;
  stop(): Promise<void>;
};

type Child = { child: ChildProcess; ports: number[]; fixture?: Fixture; memory(): Promise<Memory>; stop(): Promise<void> };

/** Variables a developer's shell may hold that would point our server elsewhere. */
const OUR_VARIABLES = ["DATABASE_URL", "DATA_DIR", "MEILI_HOST", "MEILI_API_KEY", "REDIS_URL", "PORT", "HOST", "APP_ORIGIN"];

/** A peer's entry, run through tsx (the peers' servers themselves are plain JavaScript from node_modules). */
const throughTsx = (file: string) => ["--import", "tsx", path.join(HERE, file)];

/**
 * Our server as `npm start` runs it: bundled by esbuild as the production build bundles it
 * (scripts/bundle-server.ts), once a run. Through tsx it would carry tsx's kept function names,
 * a dictionary of properties on every socket's closures that production does not have.
 */
const BUNDLED_PRECEDENT = path.resolve(HERE, "../../dist/bench/precedent-server.js");
let bundling: Promise<void> | undefined;
async function bundledPrecedent(): Promise<string[]> {
  await (bundling ??= bundleServer(path.join(HERE, "precedent-server.ts"), BUNDLED_PRECEDENT));
  return [BUNDLED_PRECEDENT];
}

async function startChild(entry: string[], argument: object, env: Record<string, string> = {}): Promise<Child> {
  const file = path.basename(entry.at(-1)!);
  const base = { ...process.env };
  for (const name of OUR_VARIABLES) delete base[name];
  const profile = process.env.BENCH_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, "--expose-gc", ...entry, JSON.stringify(argument)], {
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: { ...base, ...env },
  });
  const forget = killOnExit(child);
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
  const stop = async () => {
    forget();
    await stopProcess(child);
  };
  const announced = await new Promise<{ ports: number[]; fixture?: Fixture }>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${file} did not listen within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line && out.includes("\n")) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as { ports: number[]; fixture?: Fixture });
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      const said = errors.trim().split("\n").filter(Boolean).slice(-3).join(" ");
      reject(new Error(`exit ${code ?? signal} at start${said ? `: ${said.slice(-160)}` : ""}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  child.removeAllListeners("exit");
  const memory = () =>
    new Promise<Memory>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no memory answer")), MEMORY_TIMEOUT_MS);
      child.once("message", (m) => {
        clearTimeout(timer);
        resolve(m as Memory);
      });
      child.send("memory");
    });
  return { child, ...announced, memory, stop };
}

const sum = (memories: Memory[]): Memory => memories.reduce((a, m) => ({ rss: a.rss + m.rss, heap: a.heap + m.heap }), { rss: 0, heap: 0 });

export type Plan = FixtureRequest;

function peer(name: string, file: string, protocol: Protocol, persists: string, url: (port: number) => string) {
  return async (plan: Plan): Promise<ServerUnderTest> => {
    const bigDocument = "big";
    const started = await startChild(throughTsx(file), { bigDocument, bigChars: plan.bigChars });
    return {
      name,
      persists,
      protocol,
      urls: started.ports.map(url),
      tokens: ["bench"],
      documents: Array.from({ length: plan.documents }, (_, i) => `doc-${i}`),
      bigDocument,
      memory: started.memory,
      stop: started.stop,
    };
  };
}

const PRECEDENT_PERSISTS = "every update, committed before it is applied or relayed";

/**
 * Our server's processes on one database; the first writes the fixture. stop() (or a failed
 * start) stops them, then what `alsoStop` lists (the database, Redis…), last first.
 */
async function precedent(name: string, plan: Plan, processes: Array<Record<string, string>>, alsoStop: Array<() => Promise<void>>): Promise<ServerUnderTest> {
  const children: Child[] = [];
  const dirs: string[] = [];
  const stop = async () => {
    for (const c of children.reverse()) await c.stop();
    for (const s of alsoStop.reverse()) await s();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  };
  try {
    for (const [i, env] of processes.entries()) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-bench-"));
      dirs.push(dir);
      const base = { DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", SEED_DEMO: "false", LOG_LEVEL: "error", NODE_ENV: "production" };
      children.push(await startChild(await bundledPrecedent(), i === 0 ? { fixture: plan } : {}, { ...base, ...env }));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const fixture = children[0]!.fixture!;
  return {
    name,
    persists: PRECEDENT_PERSISTS,
    protocol: "y-websocket",
    urls: children.flatMap((c) => c.ports.map((p) => `ws://127.0.0.1:${p}/collab`)),
    tokens: fixture.tokens,
    documents: fixture.documents,
    bigDocument: fixture.bigDocument,
    memory: async () => sum(await Promise.all(children.map((c) => c.memory()))),
    stop,
  };
}

export const SERVERS: Array<{ name: string; start(plan: Plan): Promise<ServerUnderTest> }> = [
  {
    name: "@y/websocket-server 0.1.1",
    start: peer("@y/websocket-server 0.1.1", "peer-y-websocket.ts", "y-websocket", "nothing (in memory)", (p) => `ws://127.0.0.1:${p}`),
  },
  {
    name: "Hocuspocus 3.4.4",
    start: peer("Hocuspocus 3.4.4", "peer-hocuspocus.ts", "hocuspocus", "nothing (no extension configured; a store would run on a 2 s debounce)", (p) => `ws://127.0.0.1:${p}`),
  },
  { name: "Precedent, PGlite", start: (plan) => precedent("Precedent, PGlite", plan, [{}], []) },
  {
    name: "Precedent, PostgreSQL",
    async start(plan) {
      const postgres = await startPostgres();
      const database = await postgres.createDatabase().catch(async (error: unknown) => {
        await postgres.stop();
        throw error;
      });
      return precedent("Precedent, PostgreSQL", plan, [{ DATABASE_URL: database.url }], [postgres.stop, database.drop]);
    },
  },
  {
    name: "Precedent ×2, PostgreSQL + Redis",
    async start(plan) {
      const stops: Array<() => Promise<void>> = [];
      let env: Record<string, string>;
      try {
        const postgres = await startPostgres();
        stops.push(postgres.stop);
        const database = await postgres.createDatabase();
        stops.push(database.drop);
        const redis = await startRedis();
        stops.push(redis.stop);
        // Cluster mode requires MEILI_HOST: one search index for every process.
        const meili = await startMeilisearch();
        if (!meili.ok) throw new Error(meili.reason);
        stops.push(meili.server.stop);
        env = { DATABASE_URL: database.url, REDIS_URL: redis.url, MEILI_HOST: meili.server.host, MEILI_API_KEY: meili.server.apiKey };
      } catch (error) {
        for (const s of stops.reverse()) await s();
        throw error;
      }
      return precedent("Precedent ×2, PostgreSQL + Redis", plan, [env, env], stops);
    },
  },
];
