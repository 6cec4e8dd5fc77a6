// The comment event streams' own timing, on a real http server: heartbeats while open, an
// expired API token's stream ended at a heartbeat, and nothing kept once every stream is gone.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test, vi } from "vitest";
import { readEventStream } from "../../test/helpers/event-stream.ts";
import { createCommentStreams, type CommentStreamGrant } from "./event-streams.ts";

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server whose every request opens a stream with the next grant given. */
async function serve(streams: ReturnType<typeof createCommentStreams>, grants: CommentStreamGrant[]) {
  const server = http.createServer((_req, res) => {
    void streams.open(grants.shift()!, res).then((opened) => {
      if (!opened) res.writeHead(429).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const grant = (fields: Partial<CommentStreamGrant> = {}): CommentStreamGrant => ({
  documentId: "doc-1",
  userId: "user-1",
  sessionId: null,
  apiTokenId: "token-1",
  audience: { internal: false, clientIds: ["client-a"] },
  credentialsExpireAt: null,
  ...fields,
});

test("an open stream gets a comment line every heartbeat and its audience's signals; an expired API token's stream ends; closing leaves nothing", async () => {
  const streams = createCommentStreams({ heartbeatMs: 20 });
  const url = await serve(streams, [grant(), grant({ apiTokenId: "token-2", credentialsExpireAt: new Date(Date.now() + 300) })]);
  const lasting = readEventStream(await fetch(url));
  const expiring = readEventStream(await fetch(url));

  await vi.waitFor(() => expect(expiring.ended && lasting.comments >= 3).toBe(true), { timeout: 2000 });
  expect(expiring.comments).toBeGreaterThanOrEqual(1);
  expect(lasting.ended).toBe(false);
  expect(streams.stats()).toEqual({ streams: 1, documents: 1 });

  // Only a thread for the stream's client on its document is signalled.
  expect(streams.signal("doc-1", { visibility: "INTERNAL", clientOrganizationId: null })).toBe(0);
  expect(streams.signal("doc-1", { visibility: "CLIENT", clientOrganizationId: "client-b" })).toBe(0);
  expect(streams.signal("doc-2", { visibility: "CLIENT", clientOrganizationId: "client-a" })).toBe(0);
  expect(streams.signal("doc-1", { visibility: "CLIENT", clientOrganizationId: "client-a" })).toBe(1);
  await vi.waitFor(() => expect(lasting.events).toEqual(["changed"]), { timeout: 2000 });

  streams.close();
  expect(streams.stats()).toEqual({ streams: 0, documents: 0 });
  await vi.waitFor(() => expect(lasting.ended).toBe(true), { timeout: 2000 });
  // Nothing is written to an ended stream: a later signal reaches none and throws nothing.
  expect(streams.signal("doc-1", { visibility: "CLIENT", clientOrganizationId: "client-a" })).toBe(0);
});
