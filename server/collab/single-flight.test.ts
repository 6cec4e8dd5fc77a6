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
