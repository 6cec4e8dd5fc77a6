import { Router } from "express";
import type { Services } from "../context.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * Scope and change control (ADR 043): a mandate's assumptions, breaches and change requests.
 * The service validates and applies the policy: 404 for a mandate or change request the caller
 * may not see (a client never sees drafts or breaches), 403 for one they may see but not act on.
 */
export function changeControlRoutes(services: Services) {
  const router = Router();
  // services.changeControl is looked up on each request, so a replaced one (tests move its clock) is the one used.


  router.get(
    "/mandates/:id/scope",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json(await services.changeControl.scopeOf(viewer, req.params.id));
    }),
  );

  router.put(
    "/mandates/:id/assumptions",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ assumptions: await services.changeControl.setAssumptions(viewer, req.params.id, req.body) });
    }),
  );

  router.get(
    "/mandates/:id/change-requests",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ changeRequests: await services.changeControl.listChangeRequests(viewer, req.params.id) });
    }),
  );

  router.post(
    "/mandates/:id/change-requests",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const created = await services.changeControl.draftChangeRequest(viewer, req.params.id, req.body);
      res.status(201).location(`/api/v1/change-requests/${created.id}`).json({ changeRequest: created });
    }),
  );

  router.get(
    "/change-requests/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ changeRequest: await services.changeControl.getChangeRequest(viewer, req.params.id) });
    }),
  );

  router.patch(
    "/change-requests/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ changeRequest: await services.changeControl.updateChangeRequest(viewer, req.params.id, req.body) });
    }),
  );

  router.post(
    "/change-requests/:id/send",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ changeRequest: await services.changeControl.sendChangeRequest(viewer, req.params.id) });
    }),
  );

  router.post(
    "/change-requests/:id/withdraw",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ changeRequest: await services.changeControl.withdrawChangeRequest(viewer, req.params.id) });
    }),
  );

  router.post(
    "/change-requests/:id/decision",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ changeRequest: await services.changeControl.decideChangeRequest(viewer, req.params.id, req.body) });
    }),
  );

  return router;
}
