import { describe, expect, test } from "vitest";
import { isOriginAllowed } from "./origin.ts";

const HOST = "precedent.test:3000";
const SAME = "http://precedent.test:3000";
const APP = "https://precedent.example.com";

type Row = {
  case: string;
  method: string;
  origin: string | undefined;
  /** The Host header; HOST unless given, null for none. */
  host?: string | null;
  appOrigin?: string;
  usesCookie: boolean;
  allowed: boolean;
};

const rows: Row[] = [
  { case: "same origin POST with cookie", method: "POST", origin: SAME, usesCookie: true, allowed: true },
  { case: "same origin POST without cookie", method: "POST", origin: SAME, usesCookie: false, allowed: true },
  { case: "other origin POST with cookie", method: "POST", origin: "https://evil.test", usesCookie: true, allowed: false },
  { case: "other origin POST without cookie", method: "POST", origin: "https://evil.test", usesCookie: false, allowed: false },
  { case: "same host, other port", method: "POST", origin: "http://precedent.test:3001", usesCookie: true, allowed: false },
  { case: "origin that only ends with our host", method: "POST", origin: "http://evil-precedent.test:3000", usesCookie: true, allowed: false },
  { case: "missing Origin with cookie", method: "POST", origin: undefined, usesCookie: true, allowed: false },
  { case: "missing Origin without cookie (script, Bearer)", method: "POST", origin: undefined, usesCookie: false, allowed: true },
  { case: "empty Origin with cookie", method: "POST", origin: "", usesCookie: true, allowed: false },
  { case: '"null" Origin with cookie', method: "POST", origin: "null", usesCookie: true, allowed: false },
  { case: '"null" Origin without cookie', method: "POST", origin: "null", usesCookie: false, allowed: false },
  { case: "unparseable Origin", method: "POST", origin: "not a url", usesCookie: true, allowed: false },
  { case: "no Host header to compare with", method: "POST", origin: SAME, host: null, usesCookie: true, allowed: false },
  { case: "PUT from other origin", method: "PUT", origin: "https://evil.test", usesCookie: true, allowed: false },
  { case: "PATCH from other origin", method: "PATCH", origin: "https://evil.test", usesCookie: true, allowed: false },
  { case: "DELETE from other origin", method: "DELETE", origin: "https://evil.test", usesCookie: true, allowed: false },
  { case: "DELETE with missing Origin and cookie", method: "delete", origin: undefined, usesCookie: true, allowed: false },
  { case: "GET from other origin", method: "GET", origin: "https://evil.test", usesCookie: true, allowed: true },
  { case: "GET with missing Origin and cookie", method: "GET", origin: undefined, usesCookie: true, allowed: true },
  { case: 'GET with "null" Origin', method: "GET", origin: "null", usesCookie: true, allowed: true },
  { case: "lower-case get", method: "get", origin: "https://evil.test", usesCookie: true, allowed: true },
  { case: "HEAD from other origin", method: "HEAD", origin: "https://evil.test", usesCookie: true, allowed: true },
  { case: "OPTIONS from other origin", method: "OPTIONS", origin: "https://evil.test", usesCookie: true, allowed: true },
  { case: "APP_ORIGIN: request from it", method: "POST", origin: APP, appOrigin: APP, usesCookie: true, allowed: true },
  { case: "APP_ORIGIN: request from it with explicit default port", method: "POST", origin: `${APP}:443`, appOrigin: APP, usesCookie: true, allowed: true },
  { case: "APP_ORIGIN: request from the Host it was sent to is not enough", method: "POST", origin: SAME, appOrigin: APP, usesCookie: true, allowed: false },
  { case: "APP_ORIGIN: http instead of https", method: "POST", origin: "http://precedent.example.com", appOrigin: APP, usesCookie: true, allowed: false },
  { case: "APP_ORIGIN: missing Origin with cookie", method: "POST", origin: undefined, appOrigin: APP, usesCookie: true, allowed: false },
];

describe("Origin check", () => {
  test.each(rows)("$case → $allowed", ({ method, origin, host = HOST, appOrigin, usesCookie, allowed }) => {
    expect(isOriginAllowed({ method, origin, host: host ?? undefined, appOrigin, usesCookie })).toBe(allowed);
  });
});
