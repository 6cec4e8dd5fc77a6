import { describe, expect, test } from "vitest";
import { chooseContentCoding } from "./accept-encoding.ts";

describe("chooseContentCoding", () => {
  test("prefers brotli even when the browser lists gzip first", () => {
    expect(chooseContentCoding("gzip, deflate, br, zstd")).toBe("br");
  });
  test("falls back to gzip when brotli is not accepted", () => {
    expect(chooseContentCoding("gzip, deflate")).toBe("gzip");
    expect(chooseContentCoding("br;q=0, gzip;q=0.5")).toBe("gzip");
  });
  test("answers identity without a header, or with only codings we do not have", () => {
    expect(chooseContentCoding(undefined)).toBe("identity");
    expect(chooseContentCoding("")).toBe("identity");
    expect(chooseContentCoding("deflate, zstd")).toBe("identity");
    expect(chooseContentCoding("identity")).toBe("identity");
  });
  test("reads the wildcard, and an explicit q=0 beside it", () => {
    expect(chooseContentCoding("*")).toBe("br");
    expect(chooseContentCoding("br;q=0, *")).toBe("gzip");
    expect(chooseContentCoding("*;q=0")).toBe("identity");
  });
});
