import { expect, test } from "vitest";
import { createSharedStrings } from "./shared-strings.ts";

// Which copy comes back is not observable from JavaScript (strings compare by value); the heap
// figures of `npm run bench:collab` are where it shows. What is held, and for how long, is here.
test("equal strings are held once, until every holder has released them", () => {
  const shared = createSharedStrings();
  const first = shared.hold(["doc", "1"].join("-"));
  const second = shared.hold(["doc", "1"].join("-"));
  expect(second).toBe("doc-1");
  expect(shared.size).toBe(1);
  shared.release(first);
  expect(shared.size).toBe(1);
  shared.release(second);
  expect(shared.size).toBe(0);
  shared.release("never held");
  expect(shared.size).toBe(0);
});
