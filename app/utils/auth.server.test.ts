import { redirect } from "@remix-run/node";
import { describe, expect, test } from "vitest";
import { safeRedirect } from "./auth.server";

describe("safeRedirect", () => {
  test("keeps a same-site path with its query", () => {
    expect(safeRedirect("/documents/abc?tab=versions")).toBe("/documents/abc?tab=versions");
    expect(safeRedirect("/search?q=indemnity%20cap")).toBe("/search?q=indemnity%20cap");
  });

  test.each([
    ["protocol-relative", "//evil.example/phish"],
    ["backslash", "/\\evil.example/phish"],
    ["backslash later", "/x/..\\..\\evil"],
    ["tab between slashes", "/\t/evil.example/phish"],
    ["LF between slashes", "/\n/evil.example"],
    ["CR between slashes", "/\r/evil.example"],
    ["NUL", "/\u0000/evil.example"],
    ["space", "/ /evil.example"],
    ["no-break space", "/\u00a0/evil.example"],
    ["CRLF header injection", "/ok\r\nSet-Cookie: a=b"],
    ["slashes after dot segment", "/.//evil.example"],
    ["absolute URL", "https://evil.example/"],
    ["javascript:", "javascript:alert(1)"],
    ["relative", "evil.example"],
    ["empty", ""],
  ])("falls back for %s", (_name, to) => {
    expect(safeRedirect(to)).toBe("/library");
    expect(safeRedirect(to, "/")).toBe("/");
  });

  test("what the probe sent (/login?redirectTo=%2F%09%2Fevil.example%2Fphish, %0A, %0D) makes a valid redirect home", () => {
    for (const query of ["redirectTo=%2F%09%2Fevil.example%2Fphish", "redirectTo=%2F%0A%2Fevil.example", "redirectTo=%2F%0D%2Fevil"]) {
      const to = new URL(`http://localhost/login?${query}`).searchParams.get("redirectTo");
      const response = redirect(safeRedirect(to));
      expect(response.headers.get("Location")).toBe("/library");
    }
  });

  test("a non-string (a File from a form) falls back", () => {
    expect(safeRedirect(null)).toBe("/library");
    expect(safeRedirect(undefined)).toBe("/library");
  });
});
