import { json, redirect, type AppLoadContext } from "@remix-run/node";
import type { Authenticated, Viewer } from "../../server/auth/index.ts";

/** The signed-in viewer, or null. */
export function getViewer(context: AppLoadContext): Viewer | null {
  return context.state.auth?.viewer ?? null;
}

/** The signed-in viewer, or a redirect to the sign-in page that comes back here afterwards. */
export function requireViewer(context: AppLoadContext, request: Request): Viewer {
  return requireAuthenticated(context, request).viewer;
}

/** Who is signed in and with which session (their account page tells this session from their others), or the same redirect. */
export function requireAuthenticated(context: AppLoadContext, request: Request): Authenticated {
  const auth = context.state.auth;
  if (auth) return auth;
  const url = new URL(request.url);
  const redirectTo = url.pathname + url.search;
  throw redirect(redirectTo === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(redirectTo)}`);
}

/**
 * Only same-site paths: never an open redirect. Refused: anything not starting with one "/",
 * control characters and whitespace (a browser drops tab, CR and LF from a URL, so "/\t/evil"
 * becomes "//evil"; CR/LF would also break the Location header), backslashes (read as "/"), and
 * a path that a URL parser would take as another origin.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/library"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff\\]/.test(to)) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(to, "http://same-site.invalid");
  } catch {
    return fallback;
  }
  if (parsed.origin !== "http://same-site.invalid" || parsed.pathname.startsWith("//")) return fallback;
  return to;
}

/** A thrown AppError-shaped failure from a service, as a Remix response the boundary can show. */
export function errorResponse(error: unknown): never {
  if (error && typeof error === "object" && "status" in error && "code" in error && "expose" in error) {
    const e = error as { status: number; code: string; message: string; expose: boolean };
    throw json({ error: { code: e.code, message: e.expose ? e.message : "Something went wrong." } }, { status: e.status });
  }
  throw error;
}

/** A 403 in the JSON error shape, for a page the viewer may not use (the error boundary shows its message). */
export function forbiddenResponse(message: string): never {
  throw new Response(JSON.stringify({ error: { code: "forbidden", message } }), { status: 403, headers: { "Content-Type": "application/json" } });
}
