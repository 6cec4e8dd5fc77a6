import { Router } from "express";
import type { Services } from "../context.ts";
import { presentReportSummary } from "../status-reports/index.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * Monthly status reports and the mandate's log (docs/decisions/040-monthly-status-report.md).
 * Every route authenticates and hands the raw input to the service: 404 for a report (or log)
 * the caller may not read — a client's draft included — 403 for one they read but may not act
 * on, 409 for a move from the wrong state or a race, 400 naming the field.
 */
export function statusReportRoutes(services: Services) {
  const router = Router();
  const reports = services.statusReports;
  const log = services.mandateLog;

  router.get(
    "/mandates/:id/status-reports",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json(await reports.list(viewer, req.params.id));
    }),
  );

  router.post(
    "/mandates/:id/status-reports",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.status(201).json({ report: presentReportSummary(await reports.create(viewer, req.params.id, req.body)) });
    }),
  );

  router.get(
    "/status-reports/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ report: await reports.get(viewer, req.params.id) });
    }),
  );

  router.patch(
    "/status-reports/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ report: presentReportSummary(await reports.update(viewer, req.params.id, req.body)) });
    }),
  );

  const steps = { submit: reports.submit, approve: reports.approve, release: reports.release } as const;
  for (const [step, run] of Object.entries(steps)) {
    router.post(
      `/status-reports/:id/${step}`,
      handle(async (req, res, state) => {
        const { viewer } = requireAuth(state);
        res.json({ report: presentReportSummary(await run(viewer, req.params.id)) });
      }),
    );
  }

  router.post(
    "/status-reports/:id/return",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ report: presentReportSummary(await reports.returnToDraft(viewer, req.params.id, req.body)) });
    }),
  );

  router.get(
    "/status-reports/:id/export",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const download = await reports.download(viewer, req.params.id, req.query.format);
      const html = download.contentType.startsWith("text/html");
      res.setHeader("Content-Type", download.contentType);
      // The print page opens in the browser to be printed; the Word file downloads.
      res.setHeader("Content-Disposition", `${html ? "inline" : "attachment"}; filename="${download.filename}"`);
      res.setHeader("Cache-Control", "private, no-store");
      if (html) res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      res.send(download.body);
    }),
  );

  router.get(
    "/mandates/:id/log",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ entries: await log.list(viewer, req.params.id) });
    }),
  );

  router.post(
    "/mandates/:id/log",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.status(201).json({ entry: await log.add(viewer, req.params.id, req.body) });
    }),
  );

  router.patch(
    "/log-entries/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ entry: await log.update(viewer, req.params.id, req.body) });
    }),
  );

  return router;
}
