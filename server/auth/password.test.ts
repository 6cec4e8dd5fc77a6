import { describe, expect, test } from "vitest";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password.ts";

describe("password", () => {
  test("hashes with argon2id into a self-describing PHC string", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain("correct horse");
  });

  test("salts every hash, so the same password hashes differently twice", async () => {
    const [a, b] = await Promise.all([hashPassword("same password!"), hashPassword("same password!")]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "same password!")).toBe(true);
    expect(await verifyPassword(b, "same password!")).toBe(true);
  });

  test("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapl")).toBe(false);
    expect(await verifyPassword(hash, "Correct horse battery staple")).toBe(false);
    expect(await verifyPassword(hash, "")).toBe(false);
  });

  test("normalises to NFKC, so composed and decomposed spellings of a password match", async () => {
    const composed = "p\u00e4ssw\u00f6rd-\u00c5ngstr\u00f6m";
    const decomposed = "pa\u0308sswo\u0308rd-A\u030angstro\u0308m";
    expect(composed).not.toBe(decomposed);
    const hash = await hashPassword(composed);
    expect(await verifyPassword(hash, decomposed)).toBe(true);
    // Compatibility forms too: full-width letters and the "fi" ligature.
    const compat = await hashPassword("\uff21\uff22\uff23-\ufb01le-secret");
    expect(await verifyPassword(compat, "ABC-file-secret")).toBe(true);
  });

  test("answers false, not an exception, for a stored hash that is not a hash", async () => {
    expect(await verifyPassword("not-a-hash", "whatever")).toBe(false);
    expect(await verifyPassword("", "whatever")).toBe(false);
  });

  test("the dummy verification for unknown accounts always refuses", async () => {
    expect(await verifyAgainstDummy("precedent-dummy-password-for-timing")).toBe(false);
    expect(await verifyAgainstDummy("anything")).toBe(false);
  });
});
