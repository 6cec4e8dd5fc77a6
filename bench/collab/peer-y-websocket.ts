// @y/websocket-server 0.1.1 as shipped (its utils' setupWSConnection), in memory: it persists
// nothing. The one big document is put into its cold room from memory (setPersistence's
// bindState), as a store would, so the cold load is measured on the same state as ours.
import http from "node:http";
import type { AddressInfo } from "node:net";
import * as Y from "yjs";
import { WebSocketServer } from "ws";
import { setPersistence, setupWSConnection } from "@y/websocket-server/utils";
import { bigDocumentUpdate } from "./big-document.ts";
import { announce, answerMemoryRequests, exitOnSignals } from "./child.ts";

const { bigDocument, bigChars } = JSON.parse(process.argv[2] ?? "{}") as { bigDocument: string; bigChars: number };
const big = bigDocumentUpdate(bigChars);
setPersistence({
  provider: null,
  bindState: (name: string, doc: Y.Doc) => {
    if (name === bigDocument) Y.applyUpdate(doc, big);
  },
  writeState: async () => {},
});

const server = http.createServer((_req, res) => res.end("ok"));
const wss = new WebSocketServer({ noServer: true });
server.on("upgrade", (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request));
});
answerMemoryRequests();
exitOnSignals(async () => void server.close());
server.listen(0, "127.0.0.1", () => announce({ ports: [(server.address() as AddressInfo).port] }));
