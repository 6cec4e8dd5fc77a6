// Two sync servers in one test process, each with its own Redis bus on one real redis-server and
// one test database: what crosses processes, and what a socket on one may not do to another's.
import http from "node:http";
import type { AddressInfo } from "node:net";
import * as encoding from "lib0/encoding";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { Awareness, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { BUS_CHANNEL, createRedisBus } from "../../server/cluster/redis-bus.ts";
import { createCollabServer } from "../../server/collab/index.ts";
import { createLogger } from "../../server/logger.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { startRedis, type RedisServer } from "../helpers/redis.ts";
import { addParagraph, connectClient, createDocument, createMember, fragmentText, startCollab, waitFor, type CollabHarness, type TestClient } from "./collab-harness.ts";

const db = useTestDatabase();
let redis: RedisServer;
let harness: CollabHarness;
const nodes: Array<Awaited<ReturnType<typeof startNode>>> = [];
const clients: TestClient[] = [];
let victim: Awaited<ReturnType<typeof createMember>>;
let attacker: Awaited<ReturnType<typeof createMember>>;
let observer: Awaited<ReturnType<typeof createMember>>;

async function startNode(processId: string) {
  const logger = createLogger("silent");
  const publisher = new Redis(redis.url);
  const subscriber = new Redis(redis.url);
  const bus = createRedisBus({ processId, publisher, subscriber, logger });
  const { services } = harness;
  const collab = createCollabServer({
    auth: services.auth,
    store: services.documentState,
    getAccessMany: (ids) => services.documents.getAccessMany(ids),
    config: { appOrigin: undefined },
    logger,
    limits: { pingIntervalMs: 0 },
    cluster: { bus, derivation: null, counter: null },
  });
  const server = http.createServer();
  collab.attach(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    collab,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    async close() {
      await collab.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await bus.close();
      await Promise.all([publisher.quit(), subscriber.quit()]);
    },
  };
}

beforeAll(async () => {
  redis = await startRedis();
  // Its services (auth, documents, state store) serve both nodes; its own sync server is not used.
  harness = await startCollab(db());
  victim = await createMember(db(), harness.services, "EDITOR");
  attacker = await createMember(db(), harness.services, "EDITOR");
  observer = await createMember(db(), harness.services, "EDITOR");
  nodes.push(await startNode("node-1"), await startNode("node-2"));
  const probe = new Redis(redis.url);
  await waitFor(async () => Number(((await probe.pubsub("NUMSUB", BUS_CHANNEL)) as [string, number])[1]) >= 2, { what: "both buses to subscribe" });
  await probe.quit();
}, 60_000);

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  await harness?.close();
  await redis?.stop();
});

const connect = (node: (typeof nodes)[number], documentId: string, token: string) => {
  const client = connectClient(node.wsUrl, documentId, { token });
  clients.push(client);
  return client;
};
const nameSeen = (client: TestClient, clientId: number) =>
  (client.provider.awareness.getStates().get(clientId) as { user?: { name?: string } } | undefined)?.user?.name;

describe("cluster presence and server-side writes", () => {
  test("a socket cannot remove or replace the presence of a client on another process", async () => {
    const [one, two] = nodes as [(typeof nodes)[number], (typeof nodes)[number]];
    const doc = await createDocument(db(), { organizationId: victim.organization.id });
    const v = connect(one, doc.id, victim.token);
    await waitFor(() => v.provider.synced, { what: "the victim to sync" });
    v.provider.awareness.setLocalStateField("user", { color: "#c00" });
    const o = connect(two, doc.id, observer.token);
    const a = connect(two, doc.id, attacker.token);
    await waitFor(() => o.provider.synced && a.provider.synced, { what: "the others to sync" });
    await waitFor(() => nameSeen(o, v.doc.clientID) === victim.user.name, { what: "the observer to see the victim" });

    // The attacker claims the victim's client id with a newer clock: first a replaced state, then a removal.
    const fake = new Y.Doc();
    fake.clientID = v.doc.clientID;
    const forged = new Awareness(fake);
    for (let i = 0; i < 50; i++) forged.setLocalState({ user: { color: "#000" }, cursor: null });
    const send = () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1); // y-websocket: awareness
      encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(forged, [fake.clientID]));
      a.provider.ws!.send(encoding.toUint8Array(encoder));
    };
    send();
    forged.setLocalState(null);
    send();
    forged.destroy();
    fake.destroy();
    // Then a legitimate change of its own: once the observer sees it, the forgeries were handled before it.
    a.provider.awareness.setLocalStateField("user", { color: "#0c0" });
    await waitFor(() => nameSeen(o, a.doc.clientID) === attacker.user.name, { what: "the observer to see the attacker's own presence" });
    expect(nameSeen(o, v.doc.clientID)).toBe(victim.user.name);
    expect(nameSeen(a, v.doc.clientID)).toBe(victim.user.name);
  });

  test("a server-side write on one process reaches a room open on the other, stored once", async () => {
    const [one, two] = nodes as [(typeof nodes)[number], (typeof nodes)[number]];
    const doc = await createDocument(db(), { organizationId: victim.organization.id });
    const o = connect(two, doc.id, observer.token);
    await waitFor(() => o.provider.synced, { what: "the observer to sync" });
    const source = new Y.Doc();
    addParagraph(source, "Restored on process one");
    await one.collab.applyUpdate(doc.id, Y.encodeStateAsUpdate(source));
    source.destroy();
    await waitFor(() => fragmentText(o.doc) === "Restored on process one", { what: "the room on process two to apply it" });
    expect(await db().prisma.documentUpdate.count({ where: { documentId: doc.id } })).toBe(1);
  });
});
