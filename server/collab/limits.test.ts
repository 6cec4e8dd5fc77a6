import { describe, expect, test } from "vitest";
import { COLLAB_MAX_MESSAGE_BYTES } from "../config.ts";
import { createConnectionCounter, DEFAULT_COLLAB_LIMITS, resolveLimits } from "./limits.ts";

describe("limits", () => {
  test("default to the named constants in server/config.ts and take overrides", () => {
    expect(resolveLimits().maxMessageBytes).toBe(COLLAB_MAX_MESSAGE_BYTES);
    expect(resolveLimits({ roomIdleMs: 5 })).toEqual({ ...DEFAULT_COLLAB_LIMITS, roomIdleMs: 5 });
    expect(() => resolveLimits({ maxMessageBytes: -1 })).toThrow(/maxMessageBytes/);
  });

  test("count sockets per document and per user", async () => {
    const counter = createConnectionCounter({ maxConnectionsPerDocument: 2, maxConnectionsPerUser: 2 });
    expect(await counter.acquire("u1", "d1")).toBe(true);
    expect(await counter.acquire("u2", "d1")).toBe(true);
    expect(await counter.acquire("u3", "d1")).toBe(false); // document full
    expect(await counter.acquire("u1", "d2")).toBe(true);
    expect(await counter.acquire("u1", "d3")).toBe(false); // user at their limit
    counter.release("u1", "d1");
    expect(await counter.acquire("u3", "d1")).toBe(true);
    expect(await counter.acquire("u1", "d3")).toBe(true);
  });
});
