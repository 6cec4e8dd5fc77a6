import * as encoding from "lib0/encoding";
import { describe, expect, test } from "vitest";
import { COLLAB_AWARENESS_NAME_MAX_LENGTH } from "../config.ts";
import { decodeAwarenessUpdate, encodeAwarenessEntries, sanitizeAwarenessUpdate, sanitizeRelativePosition } from "./awareness.ts";
import { ProtocolError } from "./protocol.ts";

const identity = { userId: "u1", name: "Ada" };
/** A position as Y.relativePositionToJSON writes it for an item of the document. */
const position = { item: { client: 12345, clock: 7 }, assoc: 0 };
const options = (mayControl = (_id: number) => true) => ({ identity, maxStateBytes: 512, mayControl });

describe("awareness", () => {
  test("keeps user and cursor, names the authenticated user, and drops everything else", () => {
    const update = encodeAwarenessEntries([
      {
        clientId: 7,
        clock: 3,
        state: { user: { id: "someone-else", name: "Mallory", color: "#30bced", avatar: "x" }, cursor: { anchor: position, head: position }, secret: "s" },
      },
    ]);
    const result = sanitizeAwarenessUpdate(update, options());
    expect(result && decodeAwarenessUpdate(result.update)).toEqual([
      { clientId: 7, clock: 3, state: { user: { id: "u1", name: "Ada", color: "#30bced" }, cursor: { anchor: position, head: position } } },
    ]);
  });

  test.each([
    ["the probe's", { anchor: "garbage", head: 42 }],
    ["a missing head", { anchor: { tname: "default" } }],
    ["a null head", { anchor: { tname: "default" }, head: null }],
    ["an empty position", { anchor: {}, head: {} }],
    ["an item that is not an id", { anchor: { item: { client: "1", clock: 2 } }, head: { tname: "default" } }],
    ["a negative clock", { anchor: { item: { client: 1, clock: -2 } }, head: { tname: "default" } }],
    ["a fractional client", { anchor: { type: { client: 1.5, clock: 2 } }, head: { tname: "default" } }],
    ["another root type", { anchor: { tname: "__proto__" }, head: { tname: "default" } }],
    ["an assoc that is not a number", { anchor: { tname: "default", assoc: "left" }, head: { tname: "default" } }],
    ["an array", [{ tname: "default" }, { tname: "default" }]],
    ["a string", "cursor"],
  ])("strips %s cursor and relays the rest", (_name, cursor) => {
    const update = encodeAwarenessEntries([{ clientId: 1, clock: 1, state: { user: { color: "#30bced" }, cursor } }]);
    expect(sanitizeAwarenessUpdate(update, options())?.entries[0]?.state).toEqual({ user: { id: "u1", name: "Ada", color: "#30bced" } });
  });

  test("rebuilds a relative position from its known fields; null means no cursor", () => {
    expect(sanitizeRelativePosition({ type: null, tname: "default", item: null, assoc: 0, extra: "x" })).toEqual({ tname: "default", assoc: 0 });
    expect(sanitizeRelativePosition({ item: { client: 3, clock: 9, x: 1 }, assoc: -1 })).toEqual({ item: { client: 3, clock: 9 }, assoc: -1 });
    const update = encodeAwarenessEntries([{ clientId: 1, clock: 1, state: { cursor: null } }]);
    expect(sanitizeAwarenessUpdate(update, options())?.entries[0]?.state).toEqual({ user: { id: "u1", name: "Ada" }, cursor: null });
  });

  test("the name beside a cursor is the account's, cut to a bounded length", () => {
    const update = encodeAwarenessEntries([{ clientId: 1, clock: 1, state: {} }]);
    const long = sanitizeAwarenessUpdate(update, { ...options(), identity: { userId: "u1", name: "A".repeat(5000) } });
    expect((long?.entries[0]?.state?.user as { name: string }).name).toHaveLength(COLLAB_AWARENESS_NAME_MAX_LENGTH);
  });

  test("drops a colour that is not a colour, and a cursor that is not an object", () => {
    const update = encodeAwarenessEntries([{ clientId: 1, clock: 1, state: { user: { color: "url(javascript:x)" }, cursor: "x" } }]);
    expect(sanitizeAwarenessUpdate(update, options())?.entries[0]?.state).toEqual({ user: { id: "u1", name: "Ada" } });
  });

  test("passes a departure (null state) and drops states over the size limit or for client ids owned by another socket", () => {
    const update = encodeAwarenessEntries([
      { clientId: 1, clock: 2, state: null },
      { clientId: 2, clock: 1, state: { cursor: { anchor: position, head: position } } },
      { clientId: 3, clock: 1, state: { cursor: null } },
    ]);
    const result = sanitizeAwarenessUpdate(update, { ...options((id) => id !== 3), maxStateBytes: 64 });
    expect(result?.entries.map((e) => [e.clientId, e.state])).toEqual([[1, null]]);
    expect(sanitizeAwarenessUpdate(encodeAwarenessEntries([{ clientId: 3, clock: 1, state: {} }]), options((id) => id !== 3))).toBeNull();
  });

  const raw = (json: string) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1); // one client
    encoding.writeVarUint(e, 1); // client id
    encoding.writeVarUint(e, 1); // clock
    encoding.writeVarString(e, json);
    return encoding.toUint8Array(e);
  };

  test.each([
    ["truncated", new Uint8Array([1, 5])],
    ["not JSON", raw("{nope")],
    ["a JSON array", raw("[1]")],
    ["a JSON string", raw('"hi"')],
    ["trailing bytes", new Uint8Array([...raw("null"), 0])],
  ])("refuses a %s update", (_name, update) => {
    expect(() => sanitizeAwarenessUpdate(update, options())).toThrow(ProtocolError);
  });
});
