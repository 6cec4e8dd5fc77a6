import * as encoding from "lib0/encoding";
import { describe, expect, test } from "vitest";
import { decodeAwarenessUpdate, encodeAwarenessEntries, sanitizeAwarenessUpdate } from "./awareness.ts";
import { ProtocolError } from "./protocol.ts";

const identity = { userId: "u1", name: "Ada" };
const options = (mayControl = (_id: number) => true) => ({ identity, maxStateBytes: 512, mayControl });

describe("awareness", () => {
  test("keeps user and cursor, names the authenticated user, and drops everything else", () => {
    const update = encodeAwarenessEntries([
      {
        clientId: 7,
        clock: 3,
        state: { user: { id: "someone-else", name: "Mallory", color: "#30bced", avatar: "x" }, cursor: { anchor: 1, head: 2 }, secret: "s" },
      },
    ]);
    const result = sanitizeAwarenessUpdate(update, options());
    expect(result && decodeAwarenessUpdate(result.update)).toEqual([
      { clientId: 7, clock: 3, state: { user: { id: "u1", name: "Ada", color: "#30bced" }, cursor: { anchor: 1, head: 2 } } },
    ]);
  });

  test("drops a colour that is not a colour, and a cursor that is not an object", () => {
    const update = encodeAwarenessEntries([{ clientId: 1, clock: 1, state: { user: { color: "url(javascript:x)" }, cursor: "x" } }]);
    expect(sanitizeAwarenessUpdate(update, options())?.entries[0]?.state).toEqual({ user: { id: "u1", name: "Ada" } });
  });

  test("passes a departure (null state) and drops states over the size limit or for client ids owned by another socket", () => {
    const update = encodeAwarenessEntries([
      { clientId: 1, clock: 2, state: null },
      { clientId: 2, clock: 1, state: { cursor: { big: "x".repeat(1000) } } },
      { clientId: 3, clock: 1, state: { cursor: null } },
    ]);
    const result = sanitizeAwarenessUpdate(update, options((id) => id !== 3));
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
