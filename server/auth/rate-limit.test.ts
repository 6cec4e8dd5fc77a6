import { describe, expect, test } from "vitest";
import { createRateLimiter } from "./rate-limit.ts";

const T0 = 1_700_000_000_000;
const limiter = () => createRateLimiter({ max: 3, windowMs: 60_000 });

describe("rate limiter", () => {
  test("allows max attempts in a window and refuses the next", () => {
    const l = limiter();
    expect([1, 2, 3].map(() => l.hit("k", T0).allowed)).toEqual([true, true, true]);
    expect(l.hit("k", T0 + 1).allowed).toBe(false);
  });

  test("check does not count an attempt, and blocks once max attempts are counted", () => {
    const l = limiter();
    expect(l.check("k", T0)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    l.hit("k", T0);
    l.hit("k", T0);
    expect(l.check("k", T0).allowed).toBe(true);
    expect(l.check("k", T0).allowed).toBe(true);
    l.hit("k", T0);
    expect(l.check("k", T0).allowed).toBe(false);
  });

  test("tells how many seconds until the window ends, at least one", () => {
    const l = limiter();
    for (let i = 0; i < 4; i++) l.hit("k", T0);
    expect(l.hit("k", T0).retryAfterSeconds).toBe(60);
    expect(l.check("k", T0 + 30_500).retryAfterSeconds).toBe(30);
    expect(l.check("k", T0 + 59_999).retryAfterSeconds).toBe(1);
  });

  test("opens a fresh window once the old one has passed", () => {
    const l = limiter();
    for (let i = 0; i < 4; i++) l.hit("k", T0);
    expect(l.check("k", T0 + 59_999).allowed).toBe(false);
    expect(l.check("k", T0 + 60_000).allowed).toBe(true);
    const next = l.hit("k", T0 + 60_000);
    expect(next).toEqual({ allowed: true, retryAfterSeconds: 60 });
  });

  test("the window is fixed from the first attempt; later attempts do not extend it", () => {
    const l = limiter();
    l.hit("k", T0);
    for (let i = 0; i < 3; i++) l.hit("k", T0 + 50_000);
    expect(l.check("k", T0 + 50_000).retryAfterSeconds).toBe(10);
    expect(l.check("k", T0 + 60_000).allowed).toBe(true);
  });

  test("reset clears a key at once", () => {
    const l = limiter();
    for (let i = 0; i < 4; i++) l.hit("k", T0);
    l.reset("k");
    expect(l.check("k", T0).allowed).toBe(true);
    expect(l.hit("k", T0).allowed).toBe(true);
  });

  test("counts each key on its own", () => {
    const l = limiter();
    for (let i = 0; i < 4; i++) l.hit("a", T0);
    expect(l.check("a", T0).allowed).toBe(false);
    expect(l.check("b", T0).allowed).toBe(true);
    expect(l.hit("b", T0).allowed).toBe(true);
  });
});
