import { describe, expect, test } from "vitest";
import { addressKey, createLoginThrottle } from "./login-throttle.ts";

const T0 = 1_700_000_000_000;
const limits = { perAccountAndAddress: { max: 2, windowMs: 60_000 }, perAddress: { max: 4, windowMs: 60_000 }, perAccount: { max: 3, windowMs: 60_000 } };

describe("addressKey", () => {
  test.each([
    ["192.0.2.1", "192.0.2.1"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:ffff:0:0:9", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
  ])("%s counts as %s", (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});

describe("login throttle", () => {
  test("a refused attempt is no guess against the account: it counts only against its address", async () => {
    const t = createLoginThrottle(limits);
    expect(await Promise.all([1, 2].map(async () => (await t.begin("a@x", "192.0.2.1", T0)).allowed))).toEqual([true, true]);
    expect((await t.begin("a@x", "192.0.2.1", T0)).allowed).toBe(false);
    expect((await t.begin("a@x", "192.0.2.1", T0)).allowed).toBe(false);
    // Two failures counted on the account, not four: another address still has one before the account-wide limit.
    expect((await t.begin("a@x", "192.0.2.2", T0)).allowed).toBe(true);
    expect((await t.begin("a@x", "192.0.2.3", T0)).allowed).toBe(false);
  });

  test("a success gives its attempt back everywhere and makes the address known to the account", async () => {
    const t = createLoginThrottle(limits);
    for (let i = 0; i < 10; i++) {
      expect((await t.begin("a@x", "192.0.2.1", T0)).allowed).toBe(true);
      await t.succeeded("a@x", "192.0.2.1", T0);
    }
    for (const ip of ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) await t.begin("a@x", ip, T0);
    expect((await t.begin("a@x", "198.51.100.4", T0)).allowed).toBe(false);
    expect((await t.begin("a@x", "192.0.2.1", T0)).allowed).toBe(true);
  });
});
