import { describe, expect, test } from "vitest";
import {
  AppError,
  badOrigin,
  conflict,
  forbidden,
  fromZodIssues,
  gone,
  invalid,
  notFound,
  payloadTooLarge,
  presentError,
  routeNotFound,
  tooManyRequests,
  unauthenticated,
  unsupportedMediaType,
} from "./errors.ts";
import { z } from "zod";

describe("errors", () => {
  test.each([
    [unauthenticated(), 401, "unauthenticated"],
    [forbidden(), 403, "forbidden"],
    [badOrigin(), 403, "bad_origin"],
    [notFound("document"), 404, "document_not_found"],
    [notFound("API token"), 404, "api_token_not_found"],
    [routeNotFound(), 404, "route_not_found"],
    [conflict("stale_revision", "Reload."), 409, "stale_revision"],
    [gone("invitation_used", "Used."), 410, "invitation_used"],
    [payloadTooLarge(1024), 413, "payload_too_large"],
    [unsupportedMediaType(), 415, "unsupported_media_type"],
    [tooManyRequests(30), 429, "rate_limited"],
    [invalid([]), 400, "invalid_request"],
  ])("%o has status %i and the stable snake_case code %s", (error, status, code) => {
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(error.expose).toBe(true);
  });

  test("presents an exposed error as { error: { code, message, details } }", () => {
    expect(presentError(tooManyRequests(30))).toEqual({
      error: { code: "rate_limited", message: "Too many attempts. Try again later.", details: { retryAfterSeconds: 30 } },
    });
    expect(presentError(forbidden())).toEqual({
      error: { code: "forbidden", message: "You do not have permission to do that." },
    });
  });

  test("hides the message and details of a server error", () => {
    const error = new AppError(500, "internal_error", "connection string postgres://secret@db", { sql: "SELECT" });
    expect(error.expose).toBe(false);
    expect(presentError(error)).toEqual({
      error: { code: "internal_error", message: "Something went wrong on our side." },
    });
  });

  test("turns zod issues into a 400 naming each field by its path", () => {
    const schema = z.object({ email: z.email(), tags: z.array(z.string()), nested: z.object({ n: z.number() }) });
    const result = schema.safeParse({ email: "no", tags: ["ok", 1], nested: { n: "x" } });
    expect(result.success).toBe(false);
    const error = fromZodIssues(result.error!.issues);
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_request");
    const issues = (error.details as { issues: Array<{ path: string; message: string }> }).issues;
    expect(issues.map((i) => i.path).sort()).toEqual(["email", "nested.n", "tags.1"]);
    for (const issue of issues) expect(issue.message).toEqual(expect.any(String));
  });
});
