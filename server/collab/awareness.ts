import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { COLLAB_AWARENESS_NAME_MAX_LENGTH } from "../config.ts";
import { DOCUMENT_FRAGMENT } from "../documents/state-store.ts";
import { ProtocolError } from "./protocol.ts";

/**
 * Awareness (presence: who is here, their colour, their cursor) is relayed, never stored.
 * Before relaying, each client state is cut down to the fields the editor uses, the `user`
 * identity is set from the authenticated viewer (a client cannot pose as someone else), and
 * states larger than the limit, or for a client id another socket controls, are dropped.
 *
 * Wire format (y-protocols/awareness): varUint count, then per client varUint clientID,
 * varUint clock, varString JSON state (`null` = the client left).
 */

/** The fields kept in a client's awareness state: `user` ({ id, name, color }) and `cursor` (y-tiptap). */
export const AWARENESS_FIELDS = ["user", "cursor"] as const;

export type AwarenessIdentity = { userId: string; name: string };

export type AwarenessEntry = { clientId: number; clock: number; state: Record<string, unknown> | null };

const COLOR = /^[#a-zA-Z0-9(),.%\s-]{1,32}$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function readString(decoder: decoding.Decoder, data: Uint8Array): string {
  const length = decoding.readVarUint(decoder);
  if (length > data.length - decoder.pos) throw new ProtocolError("bad", "An awareness state runs past the end of the message.");
  const text = utf8.decode(data.subarray(decoder.pos, decoder.pos + length));
  decoder.pos += length;
  return text;
}

/** A Yjs ID ({ client, clock }) as Y.relativePositionToJSON writes it, rebuilt; undefined when it is not one. */
function yId(value: unknown): { client: number; clock: number } | undefined {
  if (!isPlainObject(value)) return undefined;
  const { client, clock } = value;
  if (!Number.isSafeInteger(client) || !Number.isSafeInteger(clock) || (client as number) < 0 || (clock as number) < 0) return undefined;
  return { client: client as number, clock: clock as number };
}

/**
 * A Y.RelativePosition as JSON ({ type?, tname?, item?, assoc? }), rebuilt from its known
 * fields only, or undefined when it is not one an editor can resolve without throwing: every
 * present field well-typed, the root type (tname) the document's own fragment, and at least
 * one of type, tname and item (Yjs throws on a position with none of them).
 */
export function sanitizeRelativePosition(value: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(value)) return undefined;
  const out: Record<string, unknown> = {};
  const { type, tname, item, assoc } = value;
  if (type != null) {
    const id = yId(type);
    if (!id) return undefined;
    out.type = id;
  }
  if (tname != null) {
    if (tname !== DOCUMENT_FRAGMENT) return undefined;
    out.tname = tname;
  }
  if (item != null) {
    const id = yId(item);
    if (!id) return undefined;
    out.item = id;
  }
  if (assoc != null) {
    if (!Number.isSafeInteger(assoc)) return undefined;
    out.assoc = assoc;
  }
  if (out.type === undefined && out.tname === undefined && out.item === undefined) return undefined;
  return out;
}

/** A cursor ({ anchor, head }, each a relative position) rebuilt, null for "no cursor", undefined when invalid. */
function sanitizeCursor(value: unknown): Record<string, unknown> | null | undefined {
  if (value === null) return null;
  if (!isPlainObject(value)) return undefined;
  const anchor = sanitizeRelativePosition(value.anchor);
  const head = sanitizeRelativePosition(value.head);
  return anchor && head ? { anchor, head } : undefined;
}

/**
 * Keeps the known fields, each checked for the shape the editors read (an invalid one is
 * dropped, never relayed: a malformed cursor throws in every editor that draws it); `user`
 * always names the authenticated viewer.
 */
export function sanitizeState(raw: Record<string, unknown>, identity: AwarenessIdentity): Record<string, unknown> {
  const user: Record<string, unknown> = { id: identity.userId, name: identity.name.slice(0, COLLAB_AWARENESS_NAME_MAX_LENGTH) };
  const claimed = raw.user;
  if (isPlainObject(claimed) && typeof claimed.color === "string" && COLOR.test(claimed.color)) user.color = claimed.color;
  const state: Record<string, unknown> = { user };
  const cursor = sanitizeCursor(raw.cursor);
  if (cursor !== undefined) state.cursor = cursor;
  return state;
}

export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  try {
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const parsed: unknown = JSON.parse(readString(decoder, update));
      if (parsed !== null && !isPlainObject(parsed)) throw new ProtocolError("bad", "An awareness state is not an object.");
      entries.push({ clientId, clock, state: parsed });
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError("bad", `Malformed awareness update: ${(error as Error).message}`);
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError("bad", "Trailing bytes after the awareness update.");
  return entries;
}

export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

/**
 * The update to apply and relay, or null when nothing is left of it. Throws a ProtocolError
 * on a malformed update.
 */
export function sanitizeAwarenessUpdate(
  update: Uint8Array,
  options: { identity: AwarenessIdentity; maxStateBytes: number; mayControl: (clientId: number) => boolean },
): { update: Uint8Array; entries: AwarenessEntry[] } | null {
  const kept: AwarenessEntry[] = [];
  for (const entry of decodeAwarenessUpdate(update)) {
    if (!options.mayControl(entry.clientId)) continue;
    if (entry.state === null) {
      kept.push(entry);
      continue;
    }
    const state = sanitizeState(entry.state, options.identity);
    if (Buffer.byteLength(JSON.stringify(state)) > options.maxStateBytes) continue;
    kept.push({ ...entry, state });
  }
  return kept.length ? { update: encodeAwarenessEntries(kept), entries: kept } : null;
}
