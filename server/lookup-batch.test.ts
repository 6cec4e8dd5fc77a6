import { describe, expect, test } from "vitest";
import { batchLookups } from "./lookup-batch.ts";

function recording<V>(answer: (key: string) => V) {
  const batches: string[][] = [];
  const lookUp = batchLookups(
    (key: string) => key,
    async (keys: string[]) => {
      batches.push(keys);
      return keys.map(answer);
    },
  );
  return { lookUp, batches };
}

describe("batched look-ups", () => {
  test("look-ups asked within the window go together, each distinct key once, each caller getting its own answer", async () => {
    const { lookUp, batches } = recording((key) => `answer ${key}`);
    const first = lookUp("a");
    // Only microtasks between them, as between two sockets' I/O callbacks in one poll (PGlite finishes a query within them).
    for (let i = 0; i < 10; i++) await Promise.resolve();
    const asked = [first, lookUp("b"), lookUp("a"), lookUp("c")];
    expect(await Promise.all(asked)).toEqual(["answer a", "answer b", "answer a", "answer c"]);
    expect(batches).toEqual([["a", "b", "c"]]);
  });

  test("a look-up after the answer asks again: nothing is kept once answered", async () => {
    const { lookUp, batches } = recording((key) => key.length);
    await lookUp("a");
    await lookUp("a");
    expect(batches).toEqual([["a"], ["a"]]);
  });

  test("a look-up asked while a batch is being answered joins that batch if it is the same key, or goes in the next", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batches: string[][] = [];
    const lookUp = batchLookups(
      (key: string) => key,
      async (keys: string[]) => {
        batches.push(keys);
        await gate;
        return keys;
      },
    );
    const first = lookUp("a");
    await new Promise((resolve) => setTimeout(resolve, 20)); // the window has passed: "a" is being answered
    const same = lookUp("a");
    const other = lookUp("b");
    release();
    expect(await Promise.all([first, same, other])).toEqual(["a", "a", "b"]);
    expect(batches).toEqual([["a"], ["b"]]);
  });

  test("a failure reaches every caller in the batch and is not remembered", async () => {
    let fail = true;
    const lookUp = batchLookups(
      (key: string) => key,
      async (keys: string[]) => {
        if (fail) throw new Error("database down");
        return keys.map(() => "ok");
      },
    );
    const both = await Promise.allSettled([lookUp("a"), lookUp("b")]);
    expect(both.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    await expect(lookUp("a")).resolves.toBe("ok");
  });
});
