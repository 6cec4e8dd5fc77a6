// The sync server's per-socket rate limit, with real y-websocket clients: a flood closes the
// socket with 4508, and a real client that was closed reconnects and resends what it had not
// sent, so nothing typed is lost.
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { WebSocket } from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { useTestDatabase } from "../helpers/database.ts";
import { addParagraph, connectClient, createDocument, createMember, fragmentText, startCollab, waitFor, type CollabHarness, type TestClient } from "./collab-harness.ts";

const db = useTestDatabase();
let harness: CollabHarness;
let editor: Awaited<ReturnType<typeof createMember>>;
const clients: TestClient[] = [];
const MAX_MESSAGES = 40;

beforeAll(async () => {
  harness = await startCollab(db(), { limits: { rateWindowMs: 60_000, maxMessagesPerWindow: MAX_MESSAGES, maxBytesPerWindow: 256 * 1024 } });
  editor = await createMember(db(), harness.services, "EDITOR");
});

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
  await harness?.close();
});

/** A valid sync step 1 (what a client sends first): the protocol accepts it, so only the rate decides. */
function syncStep1() {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // messageSync
  syncProtocol.writeSyncStep1(encoder, new Y.Doc());
  return encoding.toUint8Array(encoder);
}

async function flood(documentId: string, frames: Uint8Array[]) {
  const socket = new WebSocket(`${harness.wsUrl}/${documentId}?token=${editor.token}`);
  await new Promise((resolve) => socket.once("open", resolve));
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  for (const frame of frames) socket.send(frame);
  return closed;
}

describe("per-socket rate limit", () => {
  test("more frames than the window allows close the socket with 4508 (reconnect later)", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    expect(await flood(doc.id, Array.from({ length: MAX_MESSAGES + 10 }, syncStep1))).toBe(4508);
  });

  test("more bytes than the window allows close it too", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    // Valid updates of ~64 KiB each (a long paragraph): five are over 256 KiB, far under the frame count.
    const bigUpdate = () => {
      const ydoc = new Y.Doc();
      addParagraph(ydoc, "x".repeat(64 * 1024));
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0); // messageSync
      syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(ydoc));
      return encoding.toUint8Array(encoder);
    };
    expect(await flood(doc.id, Array.from({ length: 6 }, bigUpdate))).toBe(4508);
  });

  test("a client closed for sending too fast reconnects and loses nothing it typed", async () => {
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const c = connectClient(harness.wsUrl, doc.id, { token: editor.token }, { reconnect: true });
    clients.push(c);
    await waitFor(() => c.provider.synced, { what: "the client to sync" });
    const lines = Array.from({ length: MAX_MESSAGES + 20 }, (_, i) => `Line ${i + 1}`);
    for (const line of lines) addParagraph(c.doc, line); // one update frame each
    await waitFor(() => c.closes.some((e) => e.code === 4508), { what: "close 4508" });
    await waitFor(async () => fragmentText(await harness.services.documentState.load(doc.id)) === lines.join("\n"), {
      timeoutMs: 10_000,
      what: "every line to be stored after the reconnect",
    });
  });
});
