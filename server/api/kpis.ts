import { Router, type Response } from "express";
import type { Services } from "../context.ts";
import { MandateKpiQuerySchema, PortfolioQuerySchema, PositionsQuerySchema } from "../kpis/schema.ts";
import { handle, parse, requireAuth } from "./handler.ts";

/**
 * The KPIs API: the portfolio dashboard (`GET /api/v1/kpis?from=&to=&client=`) and one
 * mandate's (`GET /api/v1/mandates/:id/kpis`), as JSON or, with `?format=csv`, as a CSV
 * download of the same figures; a playbook's positions analytics (`GET /api/v1/kpis/positions`)
 * and its versions compared (`GET /api/v1/kpis/positions/versions`). The service validates (400 naming each bad parameter) and
 * applies the policy (404 for a mandate or client the caller may not see): docs/decisions/010-kpis.md.
 */
export function kpiRoutes(services: Services) {
  const router = Router();
  const kpis = services.kpis;

  router.get(
    "/kpis",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      // Checked here too, so an unknown parameter or a bad format fails before any query runs.
      const { format } = parse(PortfolioQuerySchema, req.query);
      if (format === "csv") {
        const csv = await kpis.portfolioKpisCsv(viewer, req.query);
        const { from, to } = kpis.portfolioRange(req.query);
        return sendCsv(res, csv, `kpis-portfolio-${from}-to-${to}.csv`);
      }
      res.json({ kpis: await kpis.portfolioKpis(viewer, req.query) });
    }),
  );

  // A playbook's positions analytics (ADR 037), JSON or `?format=csv`; and its versions side by side.
  router.get(
    "/kpis/positions",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const { format, documentId } = parse(PositionsQuerySchema, req.query);
      if (format === "csv") {
        const csv = await kpis.positionsKpisCsv(viewer, req.query);
        const { from, to } = kpis.positionsRange(req.query);
        return sendCsv(res, csv, `positions-${fileSafe(documentId)}-${from}-to-${to}.csv`);
      }
      res.json({ positions: await kpis.positionsKpis(viewer, req.query) });
    }),
  );

  router.get(
    "/kpis/positions/versions",
    handle(async (req, res, state) => {
      res.json({ comparison: await kpis.positionVersions(requireAuth(state).viewer, req.query) });
    }),
  );

  // A playbook's review triggers and findings (ADR 037): staff who open the playbook read them; its editors change them.
  router.get(
    "/documents/:id/review-triggers",
    handle(async (req, res, state) => {
      res.json(await services.reviewTriggers.forPlaybook(requireAuth(state).viewer, req.params.id));
    }),
  );
  router.post(
    "/documents/:id/review-triggers",
    handle(async (req, res, state) => {
      const trigger = await services.reviewTriggers.addTrigger(requireAuth(state).viewer, req.params.id, req.body ?? {});
      res.status(201).json({ trigger });
    }),
  );
  router.delete(
    "/documents/:id/review-triggers/:triggerId",
    handle(async (req, res, state) => {
      await services.reviewTriggers.removeTrigger(requireAuth(state).viewer, req.params.id, req.params.triggerId);
      res.status(204).end();
    }),
  );
  router.get(
    "/review-findings",
    handle(async (_req, res, state) => {
      res.json({ findings: await services.reviewTriggers.openFindings(requireAuth(state).viewer) });
    }),
  );
  router.post(
    "/review-findings/:id/dismiss",
    handle(async (req, res, state) => {
      await services.reviewTriggers.dismissFinding(requireAuth(state).viewer, req.params.id);
      res.status(204).end();
    }),
  );

  router.get(
    "/mandates/:id/kpis",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const { format } = parse(MandateKpiQuerySchema, req.query);
      if (format === "csv") {
        const csv = await kpis.mandateKpisCsv(viewer, req.params.id);
        return sendCsv(res, csv, `kpis-mandate-${fileSafe(String(req.params.id))}-${new Date().toISOString().slice(0, 10)}.csv`);
      }
      res.json({ kpis: await kpis.mandateKpis(viewer, req.params.id) });
    }),
  );

  return router;
}

/** Ids are cuids; anything else is cut down to what a file name and a header can carry. */
const fileSafe = (text: string) => text.replace(/[^\w.-]+/g, "-").slice(0, 64);

function sendCsv(res: Response, csv: string, filename: string) {
  res.setHeader("Content-Type", "text/csv; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="${filename}"`);
  // Figures change with every delivery, and they are the caller's own: never from a shared cache.
  res.setHeader("Cache-Control", "private, no-store");
  res.send(csv);
}
