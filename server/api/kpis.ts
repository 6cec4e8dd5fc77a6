import { Router, type Response } from "express";
import type { Services } from "../context.ts";
import { MandateKpiQuerySchema, PortfolioQuerySchema } from "../kpis/schema.ts";
import { handle, parse, requireAuth } from "./handler.ts";

/**
 * The KPIs API: the portfolio dashboard (`GET /api/v1/kpis?from=&to=&client=`) and one
 * mandate's (`GET /api/v1/mandates/:id/kpis`), as JSON or, with `?format=csv`, as a CSV
 * download of the same figures. The service validates (400 naming each bad parameter) and
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
