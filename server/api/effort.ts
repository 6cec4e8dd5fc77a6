import { Router } from "express";
import type { Services } from "../context.ts";
import { presentEstimate, presentRateCard, presentTimeEntry, presentTimeSheet } from "../effort/index.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * Time entries, rate cards and the estimate at completion (docs/decisions/039-time-entries-and-rate-cards.md).
 * Every route authenticates and hands the raw input to the service: 404 for a deliverable or
 * mandate the caller may not read, 403 for a client (effort and cost are the provider's) or for
 * someone else's time, 400 invalid_request naming each field (a day past 24 hours too), 409
 * mandate_closed, rate_card_overlap.
 */
export function effortRoutes(services: Services) {
  const router = Router();
  const effort = services.effort;

  router.get(
    "/deliverables/:id/time-entries",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json(presentTimeSheet(await effort.timeSheet(viewer, req.params.id), viewer));
    }),
  );

  router.post(
    "/deliverables/:id/time-entries",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const { deliverable, entry } = await effort.createTimeEntry(viewer, req.params.id, req.body);
      res.status(201).json({ entry: presentTimeEntry(entry, deliverable.mandate, viewer) });
    }),
  );

  router.patch(
    "/deliverables/:id/time-entries/:entryId",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const { deliverable, entry } = await effort.updateTimeEntry(viewer, req.params.id, req.params.entryId, req.body);
      res.json({ entry: presentTimeEntry(entry, deliverable.mandate, viewer) });
    }),
  );

  router.delete(
    "/deliverables/:id/time-entries/:entryId",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      await effort.deleteTimeEntry(viewer, req.params.id, req.params.entryId);
      res.status(204).end();
    }),
  );

  router.get(
    "/mandates/:id/estimate",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ estimate: presentEstimate(await effort.estimate(viewer, req.params.id)) });
    }),
  );

  router.get(
    "/rate-cards",
    handle(async (_req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ rateCards: (await effort.listRateCards(viewer)).map(presentRateCard) });
    }),
  );

  router.post(
    "/rate-cards",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.status(201).json({ rateCard: presentRateCard(await effort.createRateCard(viewer, req.body)) });
    }),
  );

  router.patch(
    "/rate-cards/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ rateCard: presentRateCard(await effort.updateRateCard(viewer, req.params.id, req.body)) });
    }),
  );

  router.delete(
    "/rate-cards/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      await effort.deleteRateCard(viewer, req.params.id);
      res.status(204).end();
    }),
  );

  return router;
}
