import { describe, expect, test } from "vitest";
import { jsonTextDepthExceeds } from "./json-depth.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

describe("jsonTextDepthExceeds", () => {
  test("counts objects and arrays, up to and past the limit", () => {
    expect(jsonTextDepthExceeds(bytes(nested(3)), 3)).toBe(false);
    expect(jsonTextDepthExceeds(bytes(nested(4)), 3)).toBe(true);
    expect(jsonTextDepthExceeds(bytes('{"a":{"b":[1,{"c":2}]}}'), 4)).toBe(false);
    expect(jsonTextDepthExceeds(bytes('{"a":{"b":[1,{"c":2}]}}'), 3)).toBe(true);
  });

  test("siblings do not add up, and brackets inside strings (escaped quotes too) do not count", () => {
    expect(jsonTextDepthExceeds(bytes(`[${Array.from({ length: 1000 }, () => "[[]]").join(",")}]`), 3)).toBe(false);
    expect(jsonTextDepthExceeds(bytes(JSON.stringify({ title: "[[[[{{{{", note: 'a \\"[[[[[" b', é: "[[[[" })), 1)).toBe(false);
  });

  test("3,000 levels are found in a millisecond or so, without a stack", () => {
    const started = performance.now();
    expect(jsonTextDepthExceeds(bytes(JSON.stringify({ json: JSON.parse(nested(3000)) })), 256)).toBe(true);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
