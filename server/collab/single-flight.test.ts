import { describe, expect, test } from "vitest";
import { singleFlight } from "./single-flight.ts";

describe("single flight", () => {
  test("overlapping identical look-ups share one call; a later one calls again; different keys never share", async () => {
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const lookUp = singleFlight(
      (id: string) => id,
      async (id: string) => {
        calls.push(id);
        await gate;
        return { id, n: calls.length };
      },
    );
    const overlapping = [lookUp("a"), lookUp("a"), lookUp("b")];
    release();
    const [first, second, other] = await Promise.all(overlapping);
    expect(first).toBe(second);
    expect(other!.id).toBe("b");
    expect(calls).toEqual(["a", "b"]);
    await lookUp("a");
    expect(calls).toEqual(["a", "b", "a"]);
  });

  test("look-ups asked in one turn share a flight even when each would finish within microtasks, as on PGlite", async () => {
    let calls = 0;
    const lookUp = singleFlight(
      (id: string) => id,
      async (id: string) => {
        calls += 1;
        return id;
      },
    );
    const first = lookUp("a");
    // Only microtasks between them, as between two sockets' I/O callbacks in one poll.
    for (let i = 0; i < 10; i++) await Promise.resolve();
    const second = lookUp("a");
    expect(await Promise.all([first, second])).toEqual(["a", "a"]);
    expect(calls).toBe(1);
  });

  test("a failure reaches every waiter and is not remembered", async () => {
    let fail = true;
    const lookUp = singleFlight(
      (id: string) => id,
      async () => {
        if (fail) throw new Error("database down");
        return "ok";
      },
    );
    const both = await Promise.allSettled([lookUp("a"), lookUp("a")]);
    expect(both.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    await expect(lookUp("a")).resolves.toBe("ok");
  });
});
