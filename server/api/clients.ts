import { Router } from "express";
import { accessReportToCsv, presentAccessReport } from "../access-record/index.ts";
import type { Services } from "../context.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * Client organisations' own resources. `GET /clients/:id/access-report?from=&to=&format=csv`:
 * who could read the client's material in the period and why, and who read or exported what
 * (server/access-record). Provider admins not walled off from the client; 404 for anyone else.
 */
export function clientRoutes(services: Services) {
  const router = Router();

  router.get(
    "/clients/:id/access-report",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const { report, format } = await services.accessRecord.report(viewer, req.params.id, req.query);
      // Who read a client's material is itself confidential: never from a shared cache.
      res.setHeader("Cache-Control", "private, no-store");
      if (format === "csv") {
        res.setHeader("Content-Type", "text/csv; charset=utf-8");
        // The id is a cuid (checked by the service), the days YYYY-MM-DD: safe in the header.
        res.setHeader("Content-Disposition", `attachment; filename="access-report-${report.client.id}-${report.range.from}-to-${report.range.to}.csv"`);
        return res.send(accessReportToCsv(report));
      }
      res.json({ report: presentAccessReport(report) });
    }),
  );

  return router;
}
