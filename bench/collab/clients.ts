// The bench's clients, all in the bench's own process (the servers run in theirs). Against our
// server and @y/websocket-server: y-websocket's WebsocketProvider, with disableBc (otherwise
// clients in one process sync over BroadcastChannel and every figure is fake). Against
// Hocuspocus, which prefixes every frame with the document name and wants a token message first:
// a minimal client of its protocol over the same y-protocols sync (no @hocuspocus/provider here).
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";

export type Protocol = "y-websocket" | "hocuspocus";
export type Endpoint = { protocol: Protocol; url: string; document: string; token: string };

export type BenchClient = {
  doc: Y.Doc;
  /** Resolves once the client holds the server's state (sync step 2 received). */
  synced: Promise<void>;
  destroy(): void;
};

export function connect(endpoint: Endpoint): BenchClient {
  return endpoint.protocol === "hocuspocus" ? connectHocuspocus(endpoint) : connectYWebsocket(endpoint);
}

function connectYWebsocket({ url, document, token }: Endpoint): BenchClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, document, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once("sync", (isSynced: boolean) => isSynced && resolve());
  });
  return {
    doc,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

// Hocuspocus' message types and its auth sub-message (@hocuspocus/common).
const SYNC = 0;
const AUTH = 2;
const SYNC_REPLY = 4;
const AUTH_TOKEN = 0;
const AUTH_DENIED = 1;

function connectHocuspocus({ url, document, token }: Endpoint): BenchClient {
  const doc = new Y.Doc();
  const socket = new WebSocket(url);
  socket.binaryType = "arraybuffer";
  const frame = (type: number, write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, document);
    encoding.writeVarUint(encoder, type);
    write(encoder);
    return encoder;
  };
  const send = (encoder: encoding.Encoder) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(encoding.toUint8Array(encoder));
  };
  let markSynced = () => {};
  let fail = (_error: Error) => {};
  const synced = new Promise<void>((resolve, reject) => {
    markSynced = resolve;
    fail = reject;
  });
  synced.catch(() => {});
  socket.on("open", () => {
    send(frame(AUTH, (e) => (encoding.writeVarUint(e, AUTH_TOKEN), encoding.writeVarString(e, token))));
    send(frame(SYNC, (e) => syncProtocol.writeSyncStep1(e, doc)));
  });
  socket.on("message", (data: ArrayBuffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === SYNC || type === SYNC_REPLY) {
      const reply = frame(SYNC, () => {});
      const before = encoding.length(reply);
      const kind = syncProtocol.readSyncMessage(decoder, reply, doc, socket);
      if (encoding.length(reply) > before) send(reply);
      if (kind === syncProtocol.messageYjsSyncStep2) markSynced();
    } else if (type === AUTH && decoding.readVarUint(decoder) === AUTH_DENIED) {
      fail(new Error(`Hocuspocus denied ${document}`));
    }
  });
  socket.on("error", (error) => fail(error));
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== socket) send(frame(SYNC, (e) => syncProtocol.writeUpdate(e, update)));
  };
  doc.on("update", onUpdate);
  return {
    doc,
    synced,
    destroy() {
      doc.off("update", onUpdate);
      socket.close();
      doc.destroy();
    },
  };
}
