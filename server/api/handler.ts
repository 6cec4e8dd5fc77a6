import type { NextFunction, Request, Response } from "express";
import type { z } from "zod";
import type { Authenticated } from "../auth/index.ts";
import type { RequestState } from "../context.ts";
import { fromZodIssues, unauthenticated } from "../errors.ts";

/** Wraps an async handler so a thrown AppError reaches the JSON error handler. */
export function handle(fn: (req: Request, res: Response, state: RequestState) => Promise<unknown>) {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res, res.locals.state).catch(next);
  };
}

export function requireAuth(state: RequestState): Authenticated {
  if (!state.auth) throw unauthenticated();
  return state.auth;
}

/** Parses a body or query with zod; a failure is a 400 naming each field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw fromZodIssues(result.error.issues);
  return result.data;
}
