// A small browser-like client: keeps the session cookie it is given and sends Origin
// (a browser does on every POST). Everything else is plain fetch.
import { expect } from "vitest";
import { SESSION_COOKIE } from "../../server/http/cookies.ts";

export type RequestOptions = Omit<RequestInit, "body" | "headers"> & {
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  body?: BodyInit;
  /** Override the Origin header; null sends none. */
  origin?: string | null;
  /** Send this Bearer token instead of the cookie. */
  bearer?: string;
};

export type Client = ReturnType<typeof createClient>;

export function createClient(baseUrl: string) {
  let sessionToken: string | undefined;

  async function request(path: string, options: RequestOptions = {}) {
    const { json, origin, bearer, headers: extra, body, ...init } = options;
    const headers: Record<string, string> = { ...extra };
    const method = (init.method ?? "GET").toUpperCase();
    const sendOrigin = origin === undefined ? (method === "GET" || method === "HEAD" ? null : baseUrl) : origin;
    if (sendOrigin !== null) headers.Origin = sendOrigin;
    if (bearer !== undefined) headers.Authorization = `Bearer ${bearer}`;
    else if (sessionToken) headers.Cookie = `${SESSION_COOKIE}=${sessionToken}`;
    let payload = body;
    if (json !== undefined) {
      headers["Content-Type"] ??= "application/json";
      payload = JSON.stringify(json);
    }
    const response = await fetch(baseUrl + path, { ...init, method, headers, body: payload, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const parsed = parseSessionCookie(cookie);
      if (parsed) sessionToken = parsed.value || undefined;
    }
    return response;
  }

  return {
    request,
    get: (path: string, options: RequestOptions = {}) => request(path, { ...options, method: "GET" }),
    post: (path: string, json?: unknown, options: RequestOptions = {}) =>
      request(path, { ...options, method: "POST", json }),
    patch: (path: string, json?: unknown, options: RequestOptions = {}) => request(path, { ...options, method: "PATCH", json }),
    delete: (path: string, options: RequestOptions = {}) => request(path, { ...options, method: "DELETE" }),
    async login(email: string, password: string) {
      const response = await request("/api/v1/auth/login", { method: "POST", json: { email, password } });
      if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
      return response;
    },
    get sessionToken() {
      return sessionToken;
    },
    set sessionToken(token: string | undefined) {
      sessionToken = token;
    },
  };
}

/** The precedent_session cookie in a Set-Cookie header, with its attributes. */
export function parseSessionCookie(header: string) {
  const [pair, ...attributes] = header.split(";").map((s) => s.trim());
  if (!pair?.startsWith(`${SESSION_COOKIE}=`)) return null;
  const attrs = new Map<string, string>();
  for (const a of attributes) {
    const eq = a.indexOf("=");
    attrs.set((eq === -1 ? a : a.slice(0, eq)).toLowerCase(), eq === -1 ? "" : a.slice(eq + 1));
  }
  return { value: pair.slice(SESSION_COOKIE.length + 1), attributes: attrs };
}

export function sessionCookieOf(response: Response) {
  for (const header of response.headers.getSetCookie()) {
    const parsed = parseSessionCookie(header);
    if (parsed) return parsed;
  }
  return null;
}

/** Our API's error body, typed loosely for assertions. */
export type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

/** Asserts an error answer's status and (when given) its stable code; returns the body. */
export async function expectError(response: Response, status: number, code?: string): Promise<ErrorBody> {
  const body = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: code === undefined ? undefined : body.error.code }).toEqual({ status, code });
  return body;
}
