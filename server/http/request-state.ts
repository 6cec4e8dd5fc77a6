import type { NextFunction, Request, Response } from "express";
import type { Config } from "../config.ts";
import type { RequestState, Services } from "../context.ts";
import { badOrigin, unauthenticated } from "../errors.ts";
import { isOriginAllowed } from "../auth/origin.ts";
import { clearSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from "./cookies.ts";

declare module "express-serve-static-core" {
  interface Locals {
    state: RequestState;
    /** Set for app pages (server/app.ts). */
    cspNonce: string;
  }
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  // A malformed Authorization header is a failed token, not "no token".
  return match?.[1] ?? "";
}

/**
 * Runs for every request: names it, authenticates it (Bearer token or session cookie),
 * renews or clears the session cookie, and refuses cross-site state changes.
 */
export function requestState({ services, config }: { services: Services; config: Config }) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const secure = config.secureCookies || req.secure;
      const state: RequestState = {
        requestId: crypto.randomUUID(),
        auth: null,
        // req.ip is the socket's address unless TRUST_PROXY names the proxy in front (server/app.ts).
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        secure,
      };
      res.locals.state = state;
      res.setHeader("X-Request-Id", state.requestId);

      const bearer = bearerToken(req);
      const sessionToken = readCookie(req.headers.cookie, SESSION_COOKIE);
      const usesCookie = bearer === undefined && !!sessionToken;
      if (
        !isOriginAllowed({
          method: req.method,
          origin: req.headers.origin,
          host: req.headers.host,
          appOrigin: config.appOrigin,
          usesCookie,
        })
      ) {
        return next(badOrigin());
      }

      const result = await services.auth.authenticate({ sessionToken, bearerToken: bearer });
      if (result.ok) {
        state.auth = result.auth;
        // Nothing answered to a signed-in request is kept by a browser or a shared cache: pages,
        // Remix's .data and the API's JSON hold what only this person may read.
        res.setHeader("Cache-Control", "no-store");
        if (result.renewedSession) {
          res.append("Set-Cookie", sessionCookie(result.renewedSession.token, result.renewedSession.expiresAt, secure));
        }
      } else if (bearer !== undefined) {
        return next(unauthenticated("The API token is not valid."));
      } else if (sessionToken) {
        res.append("Set-Cookie", clearSessionCookie(secure));
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
