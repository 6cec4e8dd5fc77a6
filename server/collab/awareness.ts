import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
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

/** Keeps the known fields; `user` always names the authenticated viewer. */
export function sanitizeState(raw: Record<string, unknown>, identity: AwarenessIdentity): Record<string, unknown> {
  const user: Record<string, unknown> = { id: identity.userId, name: identity.name };
  const claimed = raw.user;
  if (isPlainObject(claimed) && typeof claimed.color === "string" && COLOR.test(claimed.color)) user.color = claimed.color;
  const state: Record<string, unknown> = { user };
  if (raw.cursor === null || isPlainObject(raw.cursor)) state.cursor = raw.cursor;
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
