// Lean connections (ADR 007): a socket that closes with a frame still waiting for a statement
// leaves nothing behind in its room, and an open socket does not keep its upgrade request
// (headers, cookie, `?token=`) alive.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import v8 from "node:v8";
import vm from "node:vm";
import { beforeAll, describe, expect, test, vi } from "vitest";
import WebSocket from "ws";
import { createDocumentStateStore, type DocumentStateStore } from "../../server/documents/state-store.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { addParagraph, closeAfterEach, connectClient, createDocument, createMember, startCollab, waitFor } from "./collab-harness.ts";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const db = useTestDatabase();
const open = closeAfterEach();
let editors: Array<Awaited<ReturnType<typeof createMember>>> = [];

beforeAll(async () => {
  const setup = await startCollab(db());
  editors = [];
  for (let i = 0; i < 2; i++) editors.push(await createMember(db(), setup.services, "EDITOR"));
  await setup.close();
});


/** Collects garbage until `ref` is cleared (a few rounds: WeakRefs clear only between jobs). */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let round = 0; round < 20 && ref.deref(); round++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return ref.deref() === undefined;
}

describe("collab memory", () => {
  test("a socket closed with an update still queued leaves no reference behind, and an open socket keeps no upgrade request", async () => {
    const real = createDocumentStateStore({ db: db().prisma });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let statements = 0;
    const store: DocumentStateStore = {
      ...real,
      // The first statement waits for the gate, so what arrives meanwhile stays queued.
      async appendMany(documentId, updates) {
        statements += 1;
        if (statements === 1) await gate;
        return real.appendMany(documentId, updates);
      },
    };
    const harness = await startCollab(db(), { store });
    open.push(harness);
    // Our own http server in front of the sync server, to see each upgrade's request and socket.
    const upgrades: Array<{ req: WeakRef<http.IncomingMessage>; socket: WeakRef<Duplex> }> = [];
    const server = http.createServer();
    server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      upgrades.push({ req: new WeakRef(req), socket: new WeakRef(socket) });
      harness.collab.handleUpgrade(req, socket, head);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    open.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const wsUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/collab`;

    const doc = await createDocument(db(), { organizationId: editors[0]!.organization.id });
    const stays = connectClient(wsUrl, doc.id, { token: editors[0]!.token });
    open.push(stays);
    await waitFor(() => stays.provider.synced, { what: "the first client to sync" });
    const leaves = connectClient(wsUrl, doc.id, { token: editors[1]!.token });
    await waitFor(() => leaves.provider.synced, { what: "the second client to sync" });
    expect(upgrades).toHaveLength(2);

    addParagraph(stays.doc, "In flight");
    await waitFor(() => statements === 1, { what: "the first statement to start" });
    addParagraph(leaves.doc, "Queued, then abandoned");
    // Awareness after the update on the same socket: once the other client sees it, the update is queued.
    leaves.provider.awareness.setLocalStateField("user", { color: "#0a0" });
    await waitFor(() => [...stays.provider.awareness.getStates().values()].some((s) => (s.user as { color?: string })?.color === "#0a0"), {
      what: "the second client's presence",
    });
    leaves.destroy();
    await waitFor(() => harness.collab.stats().connections === 1, { what: "the server to see the socket close" });
    release();
    await waitFor(() => statements >= 1 && stays.doc.getXmlFragment("default").length === 1, { what: "the first update to commit" });
    await harness.collab.flush();

    expect(await collected(upgrades[1]!.socket)).toBe(true);
    expect(await collected(upgrades[1]!.req)).toBe(true);
    // The first socket is still open and its room still loaded, yet its upgrade request is gone.
    expect(await collected(upgrades[0]!.req)).toBe(true);
    expect(harness.collab.stats()).toMatchObject({ rooms: 1, connections: 1 });
    expect(stays.provider.wsconnected).toBe(true);
  });

  test("one ping sweep for all sockets: one that stops answering pings is dropped, those that answer stay, and no socket starts a timer of its own", async () => {
    const harness = await startCollab(db(), { limits: { pingIntervalMs: 500 } });
    open.push(harness);
    const doc = await createDocument(db(), { organizationId: editors[0]!.organization.id });
    const url = `${harness.wsUrl}/${doc.id}?token=${editors[0]!.token}`;
    const connect = (options: { autoPong?: boolean } = {}) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(url, options);
        ws.once("message", () => resolve(ws));
        ws.once("error", reject);
      });
    const first = await connect();
    // Ten more sockets start no interval (one per socket used to be ten).
    const intervals = vi.spyOn(globalThis, "setInterval");
    const answering = [first, ...(await Promise.all(Array.from({ length: 9 }, () => connect())))];
    const silent = await connect({ autoPong: false });
    expect(intervals).not.toHaveBeenCalled();
    intervals.mockRestore();
    const silentClosed = new Promise<number>((resolve) => silent.once("close", (code) => resolve(code)));

    // No pong and nothing sent: terminated on the second sweep (1006 on the client: no close frame).
    expect(await silentClosed).toBe(1006);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(answering.map((ws) => ws.readyState)).toEqual(answering.map(() => WebSocket.OPEN));
    expect(harness.collab.stats().connections).toBe(10);
    for (const ws of answering) ws.terminate();
  });
});
