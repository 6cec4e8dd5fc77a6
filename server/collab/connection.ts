import type { WebSocket } from "ws";
import { CloseCodes, type CloseCode } from "./close-codes.ts";

/**
 * One authenticated socket on one document. Everything about it was decided at the upgrade
 * (who, which document, read-only or not); the room only sends to it and reads from it.
 */
export type Connection = {
  readonly id: number;
  readonly documentId: string;
  readonly userId: string;
  readonly userName: string;
  /** The credential the socket was opened with: a session (cookie) or an API token. */
  readonly sessionId: string | null;
  readonly apiTokenId: string | null;
  readonly readOnly: boolean;
  /** Awareness client ids this socket has set a state for (removed when it closes). */
  readonly awarenessClientIds: Set<number>;
  /** Updates from a read-only socket that were dropped. */
  droppedUpdates: number;
  readonly closed: boolean;
  send(data: Uint8Array): void;
  close(reason: CloseCode): void;
  /** The server's ping sweep: a socket silent since the last sweep is terminated, else pinged. */
  sweep(): void;
};

export type ConnectionOptions = {
  id: number;
  socket: WebSocket;
  documentId: string;
  userId: string;
  userName: string;
  sessionId?: string | null;
  apiTokenId?: string | null;
  readOnly: boolean;
  /** Frames and bytes the socket may send per window (a fixed window per socket). */
  rate: { windowMs: number; maxMessages: number; maxBytes: number };
  onMessage: (connection: Connection, data: Uint8Array) => void;
  onClose: (connection: Connection) => void;
};

function asBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

export function createConnection(options: ConnectionOptions): Connection {
  const { socket, rate, onMessage, onClose } = options;
  let closed = false;
  let alive = true;
  // A fixed window per socket, in plain numbers (no object per window).
  let windowStartedAt = Date.now();
  let windowMessages = 0;
  let windowBytes = 0;

  const connection: Connection = {
    id: options.id,
    documentId: options.documentId,
    userId: options.userId,
    sessionId: options.sessionId ?? null,
    apiTokenId: options.apiTokenId ?? null,
    userName: options.userName,
    readOnly: options.readOnly,
    awarenessClientIds: new Set(),
    droppedUpdates: 0,
    get closed() {
      return closed;
    },
    send(data) {
      if (closed || socket.readyState !== socket.OPEN) return;
      socket.send(data, { binary: true }, terminateOnError);
    },
    close(reason) {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(reason.code, reason.reason);
      finish();
    },
    sweep() {
      if (closed) return;
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    },
  };

  function terminateOnError(error?: Error | null) {
    if (error) socket.terminate();
  }

  function finish() {
    if (closed) return;
    closed = true;
    onClose(connection);
  }

  socket.on("pong", () => {
    alive = true;
  });
  socket.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
    alive = true;
    if (closed) return;
    // y-websocket sends binary frames only; a text frame is decoded like any other and refused there.
    const bytes = asBytes(data);
    const now = Date.now();
    if (now - windowStartedAt >= rate.windowMs) {
      windowStartedAt = now;
      windowMessages = 0;
      windowBytes = 0;
    }
    windowMessages += 1;
    windowBytes += bytes.length;
    // Closed, not dropped: a dropped update would be lost, a closed client resends it on reconnect.
    if (windowMessages > rate.maxMessages || windowBytes > rate.maxBytes) return connection.close(CloseCodes.RateLimited);
    onMessage(connection, bytes);
  });
  socket.on("close", finish);
  socket.on("error", () => {
    socket.terminate();
    finish();
  });
  return connection;
}
