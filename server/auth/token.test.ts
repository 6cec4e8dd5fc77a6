import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { generateToken, hashToken } from "./token.ts";

describe("token", () => {
  test("is 160 random bits as 32 lower-case base32 characters", () => {
    expect(generateToken()).toMatch(/^[a-z2-7]{32}$/);
  });

  test("never repeats", () => {
    const tokens = new Set(Array.from({ length: 2000 }, generateToken));
    expect(tokens.size).toBe(2000);
  });

  test("is stored as its SHA-256 in hex, never as itself", () => {
    const token = generateToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hash).not.toContain(token);
  });

  test("hashes the same token to the same value and different tokens to different values", () => {
    const token = generateToken();
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toBe(hashToken(generateToken()));
  });
});
