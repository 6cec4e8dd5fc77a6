/**
 * Sync server benchmark: Precedent beside Hocuspocus 3.4.4 and @y/websocket-server 0.1.1, one
 * run, one table (docs/decisions/007-sync-server.md, "Measured").
 *
 *   npm run bench:collab                 # the full run (about 8 minutes on 2 cores)
 *   npm run bench:collab -- --quick      # a smoke run of about a minute (or BENCH_QUICK=1)
 *   npm run bench:collab -- --only Hocuspocus   # servers whose name contains the text
 *   BENCH_PROF=profiles npm run bench:collab   # each server writes a CPU profile in ./profiles (--cpu-prof)
 *
 * Every server runs in a process of its own on 127.0.0.1 (bench/collab/servers.ts), started and
 * stopped by pid: Precedent through the services factory on file-backed PGlite, on PostgreSQL (a
 * throwaway cluster), and as two processes on PostgreSQL + Redis + Meilisearch with the clients
 * split between their ports (no balancer). The clients are real y-websocket clients in this
 * process (bench/collab/clients.ts). A server or figure that fails prints "n/a: <reason>" and
 * the run goes on. Progress goes to stderr, the table to stdout.
 */
import { cores, percentile, printTable } from "./report.ts";
import { SERVERS, type Plan, type ServerUnderTest } from "./collab/servers.ts";
import { coldLoad, connectStorm, fanOut, listenQueueOverflows, memory, settle, sustained } from "./collab/workload.ts";

const args = process.argv.slice(2);
const QUICK = args.includes("--quick") || process.env.BENCH_QUICK === "1";
const ONLY = args.includes("--only") ? (args[args.indexOf("--only") + 1] ?? "") : "";

const SCALE = QUICK
  ? { samples: 20, samples100: 10, sustainedMs: 1000, warmUpTypingMs: 500, memoryDocuments: 20, warmUpDocuments: 5, warmUpRounds: 1, storm: 100, stormDocuments: 10, stormRounds: 1 }
  : { samples: 500, samples100: 200, sustainedMs: 5000, warmUpTypingMs: 5000, memoryDocuments: 200, warmUpDocuments: 50, warmUpRounds: 4, storm: 1000, stormDocuments: 100, stormRounds: 5 };
/**
 * The pause before each timed scenario: long enough for what the one before left Precedent to do
 * in the background (its rooms unload 1 s after their last socket leaves, deriving and compacting
 * as they do; the embedded search index is saved 2 s after its last change) to be done, so that
 * work is not timed in the next scenario. The peers have nothing left to do.
 */
const QUIET_MS = 4000;
/** Clients of the untimed typing that warms a server up before the timed scenarios. */
const WARM_UP_CLIENTS = 20;
const CONNECTIONS_PER_DOCUMENT = 5;
const BIG_CHARS = 100_000;
const FAN_OUT_CLIENTS = [2, 20, 100];
const SUSTAINED_CLIENTS = [2, 20];
/** Users (one API token each) the fixture makes: Precedent caps each user at 20 sockets (COLLAB_MAX_CONNECTIONS_PER_USER). */
const USERS = QUICK ? 10 : 60;

const BEGAN = Date.now();
const say = (line: string) => process.stderr.write(`${((Date.now() - BEGAN) / 1000).toFixed(0).padStart(4)} s ${line}\n`);
/** One decimal: per-connection figures a few KB apart are what the peers are compared on. */
const kb = (bytes: number) => (Number.isNaN(bytes) ? "n/a" : `${(bytes / 1024).toFixed(1)} KB`);
const twoMs = (sorted: number[]) => `${percentile(sorted, 50).toFixed(2)} / ${percentile(sorted, 99).toFixed(2)}`;
const reason = (error: unknown) => `n/a: ${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 120)}`;

/** Figure name → the cell; every figure of a server that could not start gets its reason. */
type Column = Map<string, string>;

const F = {
  fanOut: (n: number) => `fan-out p50 / p99, ${n} clients (ms)`,
  sustained: (n: number) => `sustained updates/s delivered to all, ${n} clients`,
  perDocument: "heap / RSS per document",
  perConnection: `heap / RSS per connection (${SCALE.memoryDocuments} docs × ${CONNECTIONS_PER_DOCUMENT})`,
  storm: `${SCALE.storm.toLocaleString("en")} sockets connecting at once, until all synced${SCALE.stormRounds > 1 ? ` (median of ${SCALE.stormRounds}, range)` : ""}`,
  coldLoad: `cold load of a ${BIG_CHARS.toLocaleString("en")}-character document`,
  persists: "persists",
};
const FIGURES = [...FAN_OUT_CLIENTS.map(F.fanOut), ...SUSTAINED_CLIENTS.map(F.sustained), F.perDocument, F.perConnection, F.storm, F.coldLoad, F.persists];

async function measure(server: ServerUnderTest): Promise<Column> {
  const column: Column = new Map([[F.persists, server.persists]]);
  const docs = server.documents;
  const memoryDocs = docs.slice(0, SCALE.memoryDocuments);
  let next = SCALE.memoryDocuments;
  // Documents of their own for each round: no server finds the rooms of an earlier round still open.
  const stormRounds = Array.from({ length: SCALE.stormRounds }, () => docs.slice(next, (next += SCALE.stormDocuments)));
  const warmUpDocs = docs.slice(next, (next += SCALE.warmUpDocuments));
  const warmUpStormDocs = docs.slice(next, (next += SCALE.stormDocuments));
  const warmUpTypingDoc = docs[next++]!;
  const figure = async (name: string, run: () => Promise<string>) => {
    say(`  ${server.name}: ${name}`);
    try {
      column.set(name, await run());
    } catch (error) {
      const split = server.urls.length > 1 && String(error).includes("did not reach");
      column.set(name, split ? `${reason(error)} (updates do not cross its processes)` : reason(error));
    }
  };

  await figure(F.coldLoad, async () => `${(await coldLoad(server, BIG_CHARS)).toFixed(0)} ms`);
  // Memory first, from the idle server: later scenarios leave the allocator's high-water mark in RSS.
  say(`  ${server.name}: memory`);
  try {
    const m = await memory(server, memoryDocs, CONNECTIONS_PER_DOCUMENT - 1, warmUpDocs, SCALE.warmUpRounds);
    column.set(F.perDocument, `${kb(m.perDocument.heap)} / ${kb(m.perDocument.rss)}`);
    column.set(F.perConnection, `${kb(m.perConnection.heap)} / ${kb(m.perConnection.rss)}`);
  } catch (error) {
    column.set(F.perDocument, reason(error));
    column.set(F.perConnection, reason(error));
  }
  // Untimed and the same for every server: a server that has run a while has compiled its hot
  // paths (V8's JIT, and PGlite's WebAssembly, which tiers up as it runs: a log insert took about
  // 0.8 ms at first and 0.45 ms after a few thousand), so the first scenario of a cold server
  // would pay for it and the figures would measure start-up, not the server.
  say(`  ${server.name}: warm-up (untimed)`);
  try {
    await settle(QUIET_MS);
    await sustained(server, warmUpTypingDoc, WARM_UP_CLIENTS, SCALE.warmUpTypingMs);
    await settle(QUIET_MS);
    await connectStorm(server, warmUpStormDocs, SCALE.storm);
  } catch (error) {
    say(`  ${server.name}: warm-up: ${reason(error)}`);
  }
  // Each timed scenario starts on a quiet server (QUIET_MS).
  for (const n of FAN_OUT_CLIENTS) {
    const doc = docs[next++]!;
    await settle(QUIET_MS);
    await figure(F.fanOut(n), async () => twoMs(await fanOut(server, doc, n, n >= 100 ? SCALE.samples100 : SCALE.samples)));
  }
  for (const n of SUSTAINED_CLIENTS) {
    const doc = docs[next++]!;
    await settle(QUIET_MS);
    await figure(F.sustained(n), async () => Math.round(await sustained(server, doc, n, SCALE.sustainedMs)).toLocaleString("en"));
  }
  await figure(F.storm, async () => {
    const times: number[] = [];
    const overflowsBefore = listenQueueOverflows();
    for (const round of stormRounds) {
      // Quiet, and the last round's sockets gone on the server too (Precedent caps sockets per user).
      await settle(QUIET_MS);
      times.push(await connectStorm(server, round, SCALE.storm));
    }
    const overflowsAfter = listenQueueOverflows();
    const s = (ms: number) => (ms / 1000).toFixed(2);
    const sortedTimes = [...times].sort((a, b) => a - b);
    const time = times.length > 1 ? `${s(percentile(sortedTimes, 50))} s (${s(sortedTimes[0]!)}–${s(sortedTimes.at(-1)!)})` : `${s(times[0]!)} s`;
    return overflowsBefore === null || overflowsAfter === null ? time : `${time}, ${(overflowsAfter - overflowsBefore).toLocaleString("en")} dropped`;
  });
  return column;
}

async function main() {
  // Every y-websocket provider in Node listens for the process's exit: a thousand is expected.
  process.setMaxListeners(0);
  const plan: Plan = { users: USERS, documents: SCALE.memoryDocuments + SCALE.stormDocuments * (SCALE.stormRounds + 1) + SCALE.warmUpDocuments + 1 + FAN_OUT_CLIENTS.length + SUSTAINED_CLIENTS.length, bigChars: BIG_CHARS };
  const columns: Array<{ name: string; column: Column }> = [];
  for (const entry of SERVERS.filter((s) => s.name.includes(ONLY))) {
    say(`${entry.name}: starting`);
    let server: ServerUnderTest;
    try {
      server = await entry.start(plan);
    } catch (error) {
      const why = reason(error);
      say(`${entry.name}: ${why}`);
      columns.push({ name: entry.name, column: new Map(FIGURES.map((f) => [f, why])) });
      continue;
    }
    try {
      columns.push({ name: entry.name, column: await measure(server) });
    } finally {
      say(`${entry.name}: stopping`);
      await server.stop();
    }
  }

  console.log(
    `collab bench${QUICK ? " (--quick)" : ""}: ${cores()} cores, Node ${process.version}, all on 127.0.0.1, ` +
      `clients in the bench's process (y-websocket WebsocketProvider, disableBc), each server in its own process; ` +
      `${((Date.now() - BEGAN) / 1000).toFixed(0)} s`,
  );
  printTable(["figure", ...columns.map((c) => c.name)], FIGURES.map((f) => [f, ...columns.map((c) => c.column.get(f) ?? "n/a")]));
  console.log(
    [
      "",
      `Before the timed scenarios (after memory), every server is warmed up alike, untimed: ${WARM_UP_CLIENTS} clients type for ${SCALE.warmUpTypingMs / 1000} s, then a storm of ${SCALE.storm.toLocaleString("en")} sockets on documents of its own.`,
      "Fan-out: one writer types a character; the time until every other client's document holds it.",
      "Sustained: two writers keep 32 updates each in flight for the run; updates that reached every other client, per second.",
      "Storm: \"dropped\" counts connection attempts the kernel dropped because the server's listen queue was full (TcpExt ListenOverflows, all its rounds); each is retried by its client a second later.",
      `Memory: after warm-up rounds of sockets on ${SCALE.warmUpDocuments} other documents (${(SCALE.warmUpRounds * SCALE.warmUpDocuments * CONNECTIONS_PER_DOCUMENT).toLocaleString("en")} in all, closed again), the server's heap after a full GC (--expose-gc, asked over IPC) and RSS, summed over a server's processes; differences divided (PGlite runs inside our process: its memory is in our RSS).`,
      "Precedent runs as `npm start` runs it, bundled by esbuild (scripts/bundle-server.ts); the peers' entries run through tsx, their servers are plain JavaScript.",
      "Precedent runs with its per-socket rate limit raised (BENCH_LIMITS): the peers have none, and 1,000 frames / 10 s would close a writer typing flat out; and it unloads an idle room after 1 s instead of 30, as the peers unload one when its last socket leaves.",
    ].join("\n"),
  );
}

await main();
