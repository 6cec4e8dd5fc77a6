import { describe, expect, test } from "vitest";
import { clearSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from "./cookies.ts";

describe("cookies", () => {
  test("readCookie finds our cookie among others, by exact name", () => {
    const header = `theme=dark; x${SESSION_COOKIE}=wrong; ${SESSION_COOKIE}=abc234 ; other=1`;
    expect(readCookie(header, SESSION_COOKIE)).toBe("abc234");
    expect(readCookie("theme=dark", SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(undefined, SESSION_COOKIE)).toBeUndefined();
    expect(readCookie("", SESSION_COOKIE)).toBeUndefined();
  });

  test("readCookie treats a garbled percent-encoding as no cookie instead of throwing", () => {
    expect(readCookie(`${SESSION_COOKIE}=%zz`, SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(`${SESSION_COOKIE}=a%20b`, SESSION_COOKIE)).toBe("a b");
  });

  test("the session cookie is httpOnly, SameSite=Lax, site-wide, and Secure only when asked", () => {
    const expires = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
    expect(sessionCookie("tok", expires, false)).toBe(
      `${SESSION_COOKIE}=tok; Path=/; HttpOnly; SameSite=Lax; Expires=Wed, 02 Jan 2030 03:04:05 GMT`,
    );
    expect(sessionCookie("tok", expires, true)).toMatch(/; Secure$/);
  });

  test("clearing the cookie empties it with Max-Age=0 and the same attributes", () => {
    expect(clearSessionCookie(false)).toBe(`${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
    expect(clearSessionCookie(true)).toMatch(/; Secure$/);
  });
});
