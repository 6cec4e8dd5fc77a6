import { Router } from "express";
import type { Services } from "../context.ts";
import { presentChecklist } from "../outcomes/presenter.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * Negotiation outcomes on a deliverable (docs/decisions/036-negotiation-outcomes.md). Every route
 * authenticates and hands the raw input to the service: 404 for a deliverable the caller may not
 * read, 403 for one they read but may not record on (or an approval they do not hold), 422
 * invalid_outcomes listing each path, 409 outcomes_locked once delivered.
 */
export function outcomeRoutes(services: Services) {
  const router = Router();
  const outcomes = services.outcomes;

  router.get(
    "/deliverables/:id/outcomes",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json(presentChecklist(await outcomes.checklist(viewer, req.params.id), viewer));
    }),
  );

  router.put(
    "/deliverables/:id/outcomes",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json(presentChecklist(await outcomes.record(viewer, req.params.id, req.body), viewer));
    }),
  );

  router.post(
    "/deliverables/:id/outcomes/approval",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json(presentChecklist(await outcomes.decide(viewer, req.params.id, req.body), viewer));
    }),
  );

  return router;
}
