import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { describe, expect, test } from "vitest";
import { decodeMessage, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate, inspectUpdate, ProtocolError } from "./protocol.ts";

const frame = (...parts: Array<number | Uint8Array>) => {
  const e = encoding.createEncoder();
  for (const part of parts) {
    if (typeof part === "number") encoding.writeVarUint(e, part);
    else encoding.writeVarUint8Array(e, part);
  }
  return encoding.toUint8Array(e);
};

function docWith(text: string) {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return doc;
}

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof ProtocolError ? error.kind : `not a ProtocolError: ${String(error)}`;
  }
  return "accepted";
};

describe("protocol", () => {
  test("decodes the frames a y-websocket client sends", () => {
    const doc = docWith("hello");
    const step1 = decodeMessage(encodeSyncStep1(doc), 1024);
    expect(step1).toEqual({ type: "sync-step1", stateVector: Y.encodeStateVector(doc) });
    const step2 = decodeMessage(encodeSyncStep2(doc), 1024);
    expect(step2).toEqual({ type: "sync-step2", update: Y.encodeStateAsUpdate(doc) });
    expect(decodeMessage(encodeSyncUpdate(new Uint8Array([0, 0])), 1024)).toEqual({ type: "sync-update", update: new Uint8Array([0, 0]) });
    expect(decodeMessage(frame(1, new Uint8Array([1, 2])), 1024)).toEqual({ type: "awareness", update: new Uint8Array([1, 2]) });
    expect(decodeMessage(frame(3), 1024)).toEqual({ type: "query-awareness" });
  });

  test("copies payloads out of the socket's buffer", () => {
    const data = encodeSyncUpdate(new Uint8Array([7, 7]));
    const message = decodeMessage(data, 1024);
    data.fill(0);
    expect(message).toEqual({ type: "sync-update", update: new Uint8Array([7, 7]) });
  });

  test.each([
    ["an unknown message type", frame(9)],
    ["the auth type (server to client only)", frame(2, 0)],
    ["an unknown sync type", frame(0, 5, new Uint8Array([0]))],
    ["a length past the end", new Uint8Array([0, 2, 50, 1])],
    ["trailing bytes", new Uint8Array([...frame(3), 0])],
    ["an empty frame", new Uint8Array([])],
    ["a malformed state vector", frame(0, 0, new Uint8Array([5, 1]))],
  ])("refuses %s as a bad message", (_name, data) => {
    expect(refusal(() => decodeMessage(data, 1024))).toBe("bad");
  });

  test("refuses a frame over the size limit as too large", () => {
    expect(refusal(() => decodeMessage(encodeSyncUpdate(new Uint8Array(100)), 50))).toBe("too-large");
  });

  test("inspectUpdate tells empty updates from real ones and refuses garbage", () => {
    const doc = docWith("x");
    expect(inspectUpdate(Y.encodeStateAsUpdate(doc))).toEqual({ empty: false });
    expect(inspectUpdate(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)))).toEqual({ empty: true });
    expect(refusal(() => inspectUpdate(new Uint8Array([1, 2, 3, 4, 5])))).toBe("bad");
  });
});
