import path from "node:path";
import express, { type RequestHandler } from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { FORM_BODY_LIMIT_BYTES, type Config } from "./config.ts";
import { presenters, type Services } from "./context.ts";
import { AppError, malformedUri, payloadTooLarge } from "./errors.ts";
import { apiErrorHandler, apiRouter, isMalformedUri } from "./api/router.ts";
import { compressResponses } from "./http/compress.ts";
import { clearSessionCookie, sessionCookie } from "./http/cookies.ts";
import { appContentSecurityPolicy, createCspNonce } from "./http/csp.ts";
import { precompressedAssets } from "./http/precompressed-assets.ts";
import { requestState } from "./http/request-state.ts";
import type { Logger } from "./logger.ts";

export type RemixSource =
  | { kind: "build"; build: ServerBuild | (() => Promise<ServerBuild>); clientDir: string }
  | { kind: "vite"; middleware: RequestHandler; build: () => Promise<ServerBuild> }
  | { kind: "none" };

/** The Express app: health, the JSON API, and the Remix UI, behind one request-state middleware. */
export function createApp({
  services,
  config,
  logger,
  remix,
}: {
  services: Services;
  config: Config;
  logger: Logger;
  remix: RemixSource;
}) {
  const app = express();
  app.disable("x-powered-by");
  // Only the proxies the operator names (TRUST_PROXY) may tell us the client's address and scheme.
  app.set("trust proxy", config.trustProxy);

  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    next();
  });
  // HTML and JSON compressed on the way out; the hashed assets were compressed by the build.
  app.use(compressResponses());

  app.get("/healthz", async (_req, res) => {
    const health = await services.health.health();
    res.status(health.ok ? 200 : 503).json(health);
  });
  app.get("/readyz", async (_req, res) => {
    const ready = await services.health.ready();
    res.status(ready.ok ? 200 : 503).json(ready);
  });

  if (remix.kind === "build") {
    app.use("/assets", precompressedAssets(path.join(remix.clientDir, "assets"), { maxAge: "1y" }));
    app.use(express.static(remix.clientDir, { maxAge: "1h" }));
  } else if (remix.kind === "vite") {
    app.use(remix.middleware);
  }

  app.use(requestState({ services, config }));
  app.use("/api", apiRouter({ services, logger }));
  // Refusals raised before the router (Origin, a bad Bearer token) answer in JSON too.
  app.use("/api", apiErrorHandler(logger));

  if (remix.kind !== "none") {
    // Remix reads form bodies itself; refuse oversized ones before it does.
    app.use((req, _res, next) => {
      const length = Number(req.headers["content-length"] ?? 0);
      if (length > FORM_BODY_LIMIT_BYTES) return next(payloadTooLarge(FORM_BODY_LIMIT_BYTES));
      next();
    });
    // Every app page gets a Content-Security-Policy with a nonce for the inline scripts Remix writes.
    app.use((_req, res, next) => {
      const nonce = createCspNonce();
      res.locals.cspNonce = nonce;
      res.setHeader("Content-Security-Policy", appContentSecurityPolicy(nonce));
      next();
    });
    app.all(
      "*",
      createRequestHandler({
        build: remix.build,
        mode: remix.kind === "build" ? "production" : "development",
        getLoadContext: (_req, res) => {
          const state = res.locals.state;
          return {
            services,
            state,
            present: presenters,
            cspNonce: res.locals.cspNonce,
            cookies: {
              session: (token: string, expiresAt: Date) => sessionCookie(token, expiresAt, state.secure),
              clearSession: () => clearSessionCookie(state.secure),
            },
          };
        },
      }),
    );
  }

  // Errors outside the API (an Origin refusal on a form post, an oversized body): plain text.
  app.use(((err, _req, res, _next) => {
    const error =
      err instanceof AppError
        ? err
        : isMalformedUri(err)
          ? malformedUri()
          : new AppError(500, "internal_error", "Something went wrong.", undefined, false);
    if (error.status >= 500) logger.error("request failed", { error: String((err as Error)?.stack ?? err) });
    res.status(error.status).type("text/plain").send(error.expose ? error.message : "Something went wrong on our side.");
  }) as express.ErrorRequestHandler);

  return app;
}
