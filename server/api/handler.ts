import type { NextFunction, Request, Response } from "express";
import type { Authenticated } from "../auth/index.ts";
import type { RequestState } from "../context.ts";
import { unauthenticated } from "../errors.ts";

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

export { parseInput as parse } from "../validation.ts";
