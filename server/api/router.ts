import express, { type ErrorRequestHandler, Router } from "express";
import { JSON_BODY_LIMIT_BYTES, JSON_BODY_MAX_DEPTH } from "../config.ts";
import type { Services } from "../context.ts";
import { AppError, badJson, jsonTooDeep, malformedUri, payloadTooLarge, presentError, routeNotFound, unsupportedMediaType } from "../errors.ts";
import { jsonTextDepthExceeds } from "../http/json-depth.ts";
import type { Logger } from "../logger.ts";
import { accessRoutes } from "./access.ts";
import { authRoutes } from "./auth.ts";
import { changeControlRoutes } from "./change-control.ts";
import { clientRoutes } from "./clients.ts";
import { commentRoutes } from "./comments.ts";
import { documentRoutes } from "./documents.ts";
import { effortRoutes } from "./effort.ts";
import { kpiRoutes } from "./kpis.ts";
import { libraryRoutes } from "./library.ts";
import { mandateRoutes } from "./mandates.ts";
import { memberRoutes } from "./members.ts";
import { notificationRoutes } from "./notifications.ts";
import { promotionRoutes } from "./promotions.ts";
import { organizationRoutes } from "./organizations.ts";
import { outcomeRoutes } from "./outcomes.ts";
import { retentionRoutes } from "./retention.ts";
import { requestRoutes, requestUploadRoutes } from "./requests.ts";
import { reviewRoutes } from "./reviews.ts";
import { searchRoutes } from "./search.ts";
import { statusReportRoutes } from "./status-reports.ts";
import { templateRoutes } from "./templates.ts";
import { tokenRoutes } from "./tokens.ts";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

/** The JSON API, mounted at /api: version 1 lives under /api/v1: JSON in, JSON out, errors as `{ error: { code, message } }`. */
export function apiRouter({ services, logger }: { services: Services; logger: Logger }) {
  const router = Router();
  // Uploads are multipart, with their own limits: before the JSON-only body rules below.
  router.use("/v1", libraryRoutes(services));
  router.use("/v1", requestUploadRoutes(services));
  router.use((req, _res, next) => {
    const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
    if (BODY_METHODS.has(req.method) && hasBody && !req.is("application/json")) return next(unsupportedMediaType());
    next();
  });
  router.use(
    express.json({
      limit: JSON_BODY_LIMIT_BYTES,
      strict: true,
      // Before the parse: a body nested deeper than the bound is refused without building it.
      verify: (_req, _res, body) => {
        if (jsonTextDepthExceeds(body, JSON_BODY_MAX_DEPTH)) throw jsonTooDeep(JSON_BODY_MAX_DEPTH);
      },
    }),
  );
  router.use("/v1", authRoutes(services));
  router.use("/v1", tokenRoutes(services));
  router.use("/v1", memberRoutes(services));
  router.use("/v1", notificationRoutes(services));
  router.use("/v1", accessRoutes(services));
  router.use("/v1", organizationRoutes(services));
  router.use("/v1", documentRoutes(services));
  router.use("/v1", commentRoutes(services));
  router.use("/v1", retentionRoutes(services));
  router.use("/v1", reviewRoutes(services));
  router.use("/v1", promotionRoutes(services));
  router.use("/v1", mandateRoutes(services));
  router.use("/v1", changeControlRoutes(services));
  router.use("/v1", requestRoutes(services));
  router.use("/v1", outcomeRoutes(services));
  router.use("/v1", statusReportRoutes(services));
  router.use("/v1", effortRoutes(services));
  router.use("/v1", kpiRoutes(services));
  router.use("/v1", clientRoutes(services));
  router.use("/v1", templateRoutes(services));
  router.use("/v1", searchRoutes(services));
  router.use((_req, _res, next) => next(routeNotFound()));
  router.use(apiErrorHandler(logger));
  return router;
}

type BodyParserError = Error & { type?: string; status?: number };

/** Express's own refusal of a path parameter that does not decode (a URIError, status 400). */
export const isMalformedUri = (err: unknown) => err instanceof URIError && (err as BodyParserError).status === 400;

export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const e = err as BodyParserError;
    const error =
      err instanceof AppError
        ? err
        : e?.type === "entity.parse.failed"
          ? badJson()
          : e?.type === "entity.too.large"
            ? payloadTooLarge(JSON_BODY_LIMIT_BYTES)
            : isMalformedUri(err)
              ? malformedUri()
              : new AppError(500, "internal_error", "Something went wrong on our side.", { requestId: res.locals.state?.requestId }, false);
    if (error.status >= 500) logger.error("api request failed", { requestId: res.locals.state?.requestId, error: String(e?.stack ?? e) });
    if (error.code === "rate_limited" && typeof error.details?.retryAfterSeconds === "number") {
      res.setHeader("Retry-After", String(error.details.retryAfterSeconds));
    }
    res.status(error.status).json(presentError(error));
  };
}
