const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie-authenticated requests: a state-changing request must carry an
 * Origin equal to our own (APP_ORIGIN when configured, otherwise the Host it was sent to).
 * Browsers send Origin on every cross-site POST, so a missing Origin is only accepted from
 * clients that do not authenticate with a cookie (scripts with a Bearer token, or signing in).
 */
export function isOriginAllowed(input: {
  method: string;
  origin: string | undefined;
  host: string | undefined;
  appOrigin: string | undefined;
  usesCookie: boolean;
}): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return true;
  if (!input.origin || input.origin === "null") return !input.usesCookie && input.origin !== "null";
  let origin: URL;
  try {
    origin = new URL(input.origin);
  } catch {
    return false;
  }
  if (input.appOrigin) return origin.origin === input.appOrigin;
  if (!input.host) return false;
  return origin.host === input.host;
}
