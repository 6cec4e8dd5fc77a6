/**
 * One error type for the whole server. `code` is stable (clients and tests match on it);
 * `expose` says whether `message` may be shown to the caller.
 * The HTTP body is always `{ error: { code, message, details? } }`.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly expose = status < 500,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export type Issue = { path: string; message: string };

export const invalid = (issues: Issue[], message = "The request is not valid.") =>
  new AppError(400, "invalid_request", message, { issues });
export const badJson = () => new AppError(400, "malformed_json", "The request body is not valid JSON.");
export const jsonTooDeep = (maxDepth: number) =>
  new AppError(400, "json_too_deep", `The request body nests objects and arrays more than ${maxDepth} levels deep.`, { maxDepth });
/** A path with a % escape that does not decode (GET /api/v1/documents/%). */
export const malformedUri = () => new AppError(400, "malformed_uri", "The address has a malformed % escape.");
export const unauthenticated = (message = "Sign in or send a valid API token.") =>
  new AppError(401, "unauthenticated", message);
export const invalidCredentials = () => new AppError(401, "invalid_credentials", "The email or password is incorrect.");
export const forbidden = (message = "You do not have permission to do that.") =>
  new AppError(403, "forbidden", message);
export const badOrigin = () =>
  new AppError(403, "bad_origin", "The request did not come from this site (Origin check failed).");
export const notFound = (what: string) =>
  new AppError(404, `${what.toLowerCase().replaceAll(" ", "_")}_not_found`, `The ${what} was not found.`);
export const routeNotFound = () => new AppError(404, "route_not_found", "There is no such API route.");
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const gone = (code: string, message: string) => new AppError(410, code, message);
export const payloadTooLarge = (limitBytes: number) =>
  new AppError(413, "payload_too_large", `The request body is larger than ${limitBytes} bytes.`, { limitBytes });
/** A zip package (a Word file) that inflates to more than the limit, counted as it inflates. */
export const unzippedTooLarge = (file: string, limitBytes: number) =>
  new AppError(413, "unzipped_too_large", `${file} unzips to more than ${limitBytes} bytes, the limit for a Word file.`, { file, limitBytes });
export const unsupportedMediaType = () =>
  new AppError(415, "unsupported_media_type", "Send the request body as application/json.");
export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(429, "rate_limited", "Too many attempts. Try again later.", { retryAfterSeconds });
/** A person's open comment event streams (a tab each) are at their cap. */
export const tooManyStreams = () => new AppError(429, "too_many_streams", "Too many comment streams are open. Close a tab and try again.");

export function presentError(error: AppError) {
  return {
    error: {
      code: error.code,
      message: error.expose ? error.message : "Something went wrong on our side.",
      ...(error.details && error.expose ? { details: error.details } : {}),
    },
  };
}

/** Turns zod issues into our `invalid` error. */
export function fromZodIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) {
  return invalid(issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
}
