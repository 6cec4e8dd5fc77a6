import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { writePermissionDenied } from "y-protocols/auth";
import type { Awareness } from "y-protocols/awareness";
import { encodeAwarenessUpdate } from "y-protocols/awareness";

/**
 * The y-websocket wire format (y-websocket 3 client, y-protocols 1.0): one message per
 * binary frame, `varUint type` then the payload. Sync messages carry `varUint syncType` and a
 * `varUint8Array` (a state vector or an update); awareness carries one `varUint8Array`;
 * query-awareness carries nothing. Anything else is a bad message (close 4400).
 */
export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3, CommentsChanged: 20 } as const;
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const;

export type IncomingMessage =
  | { type: "sync-step1"; stateVector: Uint8Array }
  | { type: "sync-step2"; update: Uint8Array }
  | { type: "sync-update"; update: Uint8Array }
  | { type: "awareness"; update: Uint8Array }
  | { type: "query-awareness" };

export class ProtocolError extends Error {
  constructor(
    readonly kind: "bad" | "too-large",
    message: string,
  ) {
    super(message);
    this.name = "ProtocolError";
  }
}

const bad = (message: string) => new ProtocolError("bad", message);

/** Reads a length-prefixed byte array, refusing one that runs past the frame, and copies it out of the socket's buffer. */
function readBytes(decoder: decoding.Decoder, data: Uint8Array): Uint8Array {
  const length = decoding.readVarUint(decoder);
  if (length > data.length - decoder.pos) throw bad("A length runs past the end of the message.");
  const bytes = data.slice(decoder.pos, decoder.pos + length);
  decoder.pos += length;
  return bytes;
}

function decodeBody(decoder: decoding.Decoder, data: Uint8Array): IncomingMessage {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.Sync: {
      const syncType = decoding.readVarUint(decoder);
      const payload = readBytes(decoder, data);
      if (syncType === SyncType.Step1) {
        Y.decodeStateVector(payload); // throws on a malformed state vector
        return { type: "sync-step1", stateVector: payload };
      }
      if (syncType === SyncType.Step2) return { type: "sync-step2", update: payload };
      if (syncType === SyncType.Update) return { type: "sync-update", update: payload };
      throw bad(`Unknown sync message type ${syncType}.`);
    }
    case MessageType.Awareness:
      return { type: "awareness", update: readBytes(decoder, data) };
    case MessageType.QueryAwareness:
      return { type: "query-awareness" };
    default:
      throw bad(`Unknown message type ${type}.`);
  }
}

/** Decodes one frame. Throws a ProtocolError: "too-large" beyond `maxBytes`, "bad" for anything malformed or unknown. */
export function decodeMessage(data: Uint8Array, maxBytes: number): IncomingMessage {
  if (data.length > maxBytes) throw new ProtocolError("too-large", `The message is larger than ${maxBytes} bytes.`);
  if (data.length === 0) throw bad("Empty message.");
  const decoder = decoding.createDecoder(data);
  let message: IncomingMessage;
  try {
    message = decodeBody(decoder, data);
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw bad(`Malformed message: ${(error as Error).message}`);
  }
  if (decoding.hasContent(decoder)) throw bad("Trailing bytes after the message.");
  return message;
}

/**
 * Checks that an update decodes as Yjs (before it is stored: a stored update that cannot be
 * applied would make the document unloadable) and says whether it changes anything.
 */
export function inspectUpdate(update: Uint8Array): { empty: boolean } {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    throw bad(`Malformed Yjs update: ${(error as Error).message}`);
  }
  return { empty: decoded.structs.length === 0 && decoded.ds.clients.size === 0 };
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (doc: Y.Doc) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncType.Step1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  });

export const encodeSyncStep2 = (doc: Y.Doc, stateVector?: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncType.Step2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, stateVector));
  });

export const encodeSyncUpdate = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncType.Update);
    encoding.writeVarUint8Array(e, update);
  });

export const encodeAwareness = (awareness: Awareness, clientIds: number[]) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Awareness);
    encoding.writeVarUint8Array(e, encodeAwarenessUpdate(awareness, clientIds));
  });

/**
 * Ours, server to client only (ADR 031): "this document's comments changed", with no content:
 * the client refetches them through the policy-filtered API. A client that sends it is refused
 * like any unknown type.
 */
export const encodeCommentsChanged = () => frame((e) => encoding.writeVarUint(e, MessageType.CommentsChanged));

/** The y-protocols auth message the client logs as "Permission denied" (sent to a read-only client once). */
export const encodePermissionDenied = (reason: string) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Auth);
    writePermissionDenied(e, reason);
  });
