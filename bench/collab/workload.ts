// The figures, measured the same way on every server: real clients (clients.ts), one document
// per scenario, delivery judged by each receiver's Yjs state vector (an update has reached a
// client once the writer's clock in that client's document reached it).
import fs from "node:fs";
import * as Y from "yjs";
import { DOCUMENT_FRAGMENT } from "../../server/documents/state-store.ts";
import { documentChars } from "./big-document.ts";
import { connect, type BenchClient } from "./clients.ts";
import type { ServerUnderTest } from "./servers.ts";

const SYNC_TIMEOUT_MS = 60_000;
const DELIVERY_TIMEOUT_MS = 5_000;
/** Clients connected at once while setting up a scenario (the storm is the one that connects all at once). */
const CONNECT_BATCH = 25;
/** Updates a writer may have in flight (sent, not yet at every other client) in the sustained run. */
const SUSTAINED_WINDOW = 32;

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} after ${(ms / 1000).toFixed(0)} s`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Client `index` of a scenario: the processes and the users' API tokens taken in turn. */
const open = (server: ServerUnderTest, document: string, index: number) =>
  connect({
    protocol: server.protocol,
    url: server.urls[index % server.urls.length]!,
    document,
    token: server.tokens[index % server.tokens.length]!,
  });

async function openSynced(server: ServerUnderTest, documents: string[], firstIndex = 0): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  // One deadline for all the batches, so a slow server cannot stretch the run by a minute a batch.
  const deadline = performance.now() + SYNC_TIMEOUT_MS;
  try {
    for (let i = 0; i < documents.length; i += CONNECT_BATCH) {
      const batch = documents.slice(i, i + CONNECT_BATCH).map((d, j) => open(server, d, firstIndex + i + j));
      clients.push(...batch);
      await withTimeout(Promise.all(batch.map((c) => c.synced)), Math.max(0, deadline - performance.now()), `${clients.length} clients not synced`);
    }
    return clients;
  } catch (error) {
    closeAll(clients);
    throw error;
  }
}

export const closeAll = (clients: BenchClient[]) => clients.forEach((c) => c.destroy());

const clockOf = (client: BenchClient, writer: number) => Y.getState(client.doc.store, writer);

/** Resolves once every receiver holds the writer's updates up to `clock`. */
function delivered(receivers: BenchClient[], writer: number, clock: number): Promise<void> {
  const pending = receivers.filter((r) => clockOf(r, writer) < clock);
  if (pending.length === 0) return Promise.resolve();
  let left = pending.length;
  const offs: Array<() => void> = [];
  const done = new Promise<void>((resolve) => {
    for (const receiver of pending) {
      const onUpdate = () => {
        if (clockOf(receiver, writer) < clock) return;
        receiver.doc.off("update", onUpdate);
        if (--left === 0) resolve();
      };
      receiver.doc.on("update", onUpdate);
      offs.push(() => receiver.doc.off("update", onUpdate));
    }
  });
  return withTimeout(done, DELIVERY_TIMEOUT_MS, "an update did not reach every client").finally(() => offs.forEach((off) => off()));
}

/** The writer's own paragraph, typed into at its end as an editor would. */
function paragraphOf(writer: BenchClient): Y.XmlText {
  const text = new Y.XmlText("");
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [text]);
  writer.doc.getXmlFragment(DOCUMENT_FRAGMENT).push([paragraph]);
  return text;
}

const type = (writer: BenchClient, text: Y.XmlText) => {
  text.insert(text.length, "x");
  return Y.getState(writer.doc.store, writer.doc.clientID);
};

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/** One writer types a character, and waits until every other client on the document has it. */
export async function fanOut(server: ServerUnderTest, document: string, clients: number, samples: number): Promise<number[]> {
  const all = await openSynced(server, Array(clients).fill(document));
  try {
    const [writer, ...receivers] = all as [BenchClient, ...BenchClient[]];
    const text = paragraphOf(writer);
    await delivered(receivers, writer.doc.clientID, Y.getState(writer.doc.store, writer.doc.clientID));
    const times: number[] = [];
    for (let i = 0; i < samples + 5; i++) {
      const started = performance.now();
      await delivered(receivers, writer.doc.clientID, type(writer, text));
      if (i >= 5) times.push(performance.now() - started); // the first few warm the room up
      await new Promise((r) => setTimeout(r, 2));
    }
    return sorted(times);
  } finally {
    closeAll(all);
  }
}

/**
 * Two writers type as fast as the server takes it (each keeps SUSTAINED_WINDOW updates in
 * flight) for `durationMs`; the figure is updates per second that reached every other client.
 */
export async function sustained(server: ServerUnderTest, document: string, clients: number, durationMs: number): Promise<number> {
  const all = await openSynced(server, Array(clients).fill(document));
  try {
    const writers = all.slice(0, 2).map((client) => ({ client, text: paragraphOf(client), receivers: all.filter((c) => c !== client), sent: 0, base: 0 }));
    for (const w of writers) {
      w.sent = Y.getState(w.client.doc.store, w.client.doc.clientID);
      await delivered(w.receivers, w.client.doc.clientID, w.sent);
      w.base = w.sent;
    }
    const reached = (w: (typeof writers)[number]) => Math.min(...w.receivers.map((r) => clockOf(r, w.client.doc.clientID)));
    let wake = () => {};
    const onAnyUpdate = () => {
      const waiting = wake;
      wake = () => {};
      waiting();
    };
    all.forEach((c) => c.doc.on("update", onAnyUpdate));
    const end = performance.now() + durationMs;
    const typing = writers.map(async (w) => {
      while (performance.now() < end) {
        if (w.sent - reached(w) >= SUSTAINED_WINDOW) {
          await withTimeout(new Promise<void>((r) => (wake = chain(wake, r))), DELIVERY_TIMEOUT_MS, "typing stalled");
          continue;
        }
        w.sent = type(w.client, w.text);
        // Let the socket write and the replies in now and then, as an event loop would between keys.
        if (w.sent % 8 === 0) await new Promise((r) => setImmediate(r));
      }
    });
    await Promise.all(typing);
    const count = writers.reduce((n, w) => n + reached(w) - w.base, 0);
    all.forEach((c) => c.doc.off("update", onAnyUpdate));
    return count / (durationMs / 1000);
  } finally {
    closeAll(all);
  }
}

/** Both writers may wait at once: one wake-up call releases both. */
const chain = (previous: () => void, next: () => void) => () => {
  previous();
  next();
};

/**
 * Memory per document (N documents, one client each) and per connection (4 more clients on each):
 * the server's own heap after GC and RSS, differences divided.
 */
export async function memory(server: ServerUnderTest, documents: string[], extraPerDocument: number, warmUpDocuments: string[], warmUpRounds: number) {
  // Rounds of sockets on other documents first, closed again, as many sockets in all as are then
  // measured: the code the server compiles as it warms up (JIT, which tiers up as calls add up) is
  // not a cost of each connection, and otherwise lands in the figures of whichever server compiles
  // more of its own code while they are measured.
  for (let round = 0; round < warmUpRounds; round++) {
    closeAll(await openSynced(server, warmUpDocuments.flatMap((d) => Array<string>(extraPerDocument + 1).fill(d)), documents.length * (extraPerDocument + 1)));
    await settle();
  }
  await settle(); // rooms of the scenarios before unload first, where the server unloads them at once
  const before = await server.memory();
  const first = await openSynced(server, documents);
  const extra: BenchClient[] = [];
  try {
    await settle();
    const withDocuments = await server.memory();
    for (let k = 0; k < extraPerDocument; k++) extra.push(...(await openSynced(server, documents, documents.length * (k + 1))));
    await settle();
    const withConnections = await server.memory();
    const connections = documents.length * extraPerDocument;
    return {
      perDocument: { rss: (withDocuments.rss - before.rss) / documents.length, heap: (withDocuments.heap - before.heap) / documents.length },
      perConnection: { rss: (withConnections.rss - withDocuments.rss) / connections, heap: (withConnections.heap - withDocuments.heap) / connections },
    };
  } finally {
    closeAll(first);
    closeAll(extra);
  }
}

/** Background work a connection starts (a room's load, derivation, awareness) is done before memory is read. */
export const settle = (ms = 1500) => new Promise((r) => setTimeout(r, ms));

/**
 * Connection attempts the kernel has dropped because a listen queue was full (Linux's TcpExt
 * ListenOverflows, machine-wide); null where /proc/net/netstat is not there to read.
 */
export function listenQueueOverflows(): number | null {
  let text: string;
  try {
    text = fs.readFileSync("/proc/net/netstat", "utf8");
  } catch {
    return null;
  }
  // Pairs of lines: "TcpExt: Name1 Name2 …" then "TcpExt: value1 value2 …".
  const [names, values] = text.split("\n").filter((line) => line.startsWith("TcpExt:")).map((line) => line.split(/\s+/));
  const at = names?.indexOf("ListenOverflows") ?? -1;
  return at > 0 && values?.[at] !== undefined ? Number(values[at]) : null;
}

/** Every socket opened at once, spread over `documents`; the time until all are synced. */
export async function connectStorm(server: ServerUnderTest, documents: string[], sockets: number): Promise<number> {
  const started = performance.now();
  const clients = Array.from({ length: sockets }, (_, i) => open(server, documents[i % documents.length]!, i));
  try {
    await withTimeout(Promise.all(clients.map((c) => c.synced)), SYNC_TIMEOUT_MS, `not all ${sockets} synced`);
    return performance.now() - started;
  } finally {
    closeAll(clients);
  }
}

/** A fresh client's first sync of a document no one has open (a cold room), until all its text arrived. */
export async function coldLoad(server: ServerUnderTest, chars: number): Promise<number> {
  const started = performance.now();
  const client = open(server, server.bigDocument, 0);
  try {
    await withTimeout(client.synced, SYNC_TIMEOUT_MS, "the big document did not sync");
    const took = performance.now() - started;
    const got = documentChars(client.doc);
    if (got !== chars) throw new Error(`synced ${got} of ${chars} characters`);
    return took;
  } finally {
    client.destroy();
  }
}
