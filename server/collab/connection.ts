import type { WebSocket } from "ws";
import type { CommentAudience } from "../comments/visibility.ts";
import { CloseCodes, type CloseCode } from "./close-codes.ts";

/**
 * One authenticated socket on one document, as rooms and revocation see it: the public face of
 * `SocketConnection` below. Everything about it was decided at the upgrade (who, which document,
 * read-only, suggest-only or not); the room only sends to it and reads from it.
 */
export type Connection = Pick<
  SocketConnection,
  "documentId" | "userId" | "userName" | "sessionId" | "apiTokenId" | "readOnly" | "suggestOnly" | "commentAudience" | "awarenessClientIds" | "droppedUpdates" | "send" | "close" | "sweep"
> & { readonly closed: boolean };

export type ConnectionOptions = {
  socket: WebSocket;
  documentId: string;
  userId: string;
  userName: string;
  sessionId?: string | null;
  apiTokenId?: string | null;
  readOnly: boolean;
  /** It may only suggest (ADR 032): the room checks each of its changes before storing it. */
  suggestOnly?: boolean;
  /** Which comment threads' change signals it may receive (ADR 031). */
  commentAudience: CommentAudience;
  /** Frames and bytes the socket may send per window (a fixed window per socket). */
  rate: { windowMs: number; maxMessages: number; maxBytes: number };
};

function asBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

/**
 * A class, and the socket's listeners shared by every socket: thousands of open sockets would
 * otherwise each carry a dozen closures of their own. The sync server extends it with what it
 * keeps per socket (`received` and `ended` are its), so a socket costs one object and no closure.
 */
export abstract class SocketConnection {
  readonly documentId: string;
  readonly userId: string;
  readonly userName: string;
  /** The credential the socket was opened with: a session (cookie) or an API token. */
  readonly sessionId: string | null;
  readonly apiTokenId: string | null;
  readonly readOnly: boolean;
  readonly suggestOnly: boolean;
  readonly commentAudience: CommentAudience;
  /** Awareness client ids this socket has set a state for (removed when it closes). */
  readonly awarenessClientIds = new Set<number>();
  /** Updates from a read-only socket that were dropped. */
  droppedUpdates = 0;
  closed = false;
  alive = true;
  // A fixed window per socket, in plain numbers (no object per window).
  windowStartedAt = Date.now();
  windowMessages = 0;
  windowBytes = 0;
  readonly socket: WebSocket;
  readonly rate: ConnectionOptions["rate"];

  /** A frame that passed the rate limit. */
  protected abstract received(data: Uint8Array): void;
  /** The socket closed (once, whoever closed it). */
  protected abstract ended(): void;

  constructor(options: ConnectionOptions) {
    this.documentId = options.documentId;
    this.userId = options.userId;
    this.userName = options.userName;
    this.sessionId = options.sessionId ?? null;
    this.apiTokenId = options.apiTokenId ?? null;
    this.readOnly = options.readOnly;
    this.suggestOnly = options.suggestOnly ?? false;
    this.commentAudience = options.commentAudience;
    this.socket = options.socket;
    this.rate = options.rate;
    const { socket } = options;
    ofSocket.set(socket, this);
    socket.on("pong", onPong);
    socket.on("message", onSocketMessage);
    socket.on("close", onSocketClose);
    socket.on("error", onSocketError);
  }

  send(data: Uint8Array): void {
    const socket = this.socket;
    if (this.closed || socket.readyState !== socket.OPEN) return;
    socket.send(data, { binary: true }, (error) => {
      if (error) socket.terminate();
    });
  }

  close(reason: CloseCode): void {
    const socket = this.socket;
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(reason.code, reason.reason);
    this.finish();
  }

  /** The server's ping sweep: a socket silent since the last sweep is terminated, else pinged. */
  sweep(): void {
    if (this.closed) return;
    if (!this.alive) return this.socket.terminate();
    this.alive = false;
    this.socket.ping();
  }

  finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.ended();
  }

  receive(data: Buffer | ArrayBuffer | Buffer[]): void {
    this.alive = true;
    if (this.closed) return;
    // y-websocket sends binary frames only; a text frame is decoded like any other and refused there.
    const bytes = asBytes(data);
    const now = Date.now();
    if (now - this.windowStartedAt >= this.rate.windowMs) {
      this.windowStartedAt = now;
      this.windowMessages = 0;
      this.windowBytes = 0;
    }
    this.windowMessages += 1;
    this.windowBytes += bytes.length;
    // Closed, not dropped: a dropped update would be lost, a closed client resends it on reconnect.
    if (this.windowMessages > this.rate.maxMessages || this.windowBytes > this.rate.maxBytes) return this.close(CloseCodes.RateLimited);
    this.received(bytes);
  }
}

const ofSocket = new WeakMap<WebSocket, SocketConnection>();

function onPong(this: WebSocket) {
  const connection = ofSocket.get(this);
  if (connection) connection.alive = true;
}
function onSocketMessage(this: WebSocket, data: Buffer | ArrayBuffer | Buffer[]) {
  ofSocket.get(this)?.receive(data);
}
function onSocketClose(this: WebSocket) {
  ofSocket.get(this)?.finish();
}
function onSocketError(this: WebSocket) {
  this.terminate();
  ofSocket.get(this)?.finish();
}

