import { Router } from "express";
import type { Services } from "../context.ts";
import {
  presentActivity,
  presentDeliverable,
  presentDeliveryRecords,
  presentDocumentUsage,
  presentMandate,
  presentMandateSummary,
  presentResourceLink,
  presentStatusChange,
} from "../mandates/presenter.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * The mandates API. Every route authenticates, then hands the raw input to the service, which
 * validates it (400 invalid_request), checks the policy (404 for a mandate the caller may not
 * read, 403 for one they may read but not change) and the rules of docs/decisions/009-mandates.md
 * (409 invalid_transition, mandate_closed…, 422 link_not_allowed).
 */
export function mandateRoutes(services: Services) {
  const router = Router();
  const mandates = services.mandates;

  router.get(
    "/mandates",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const page = await mandates.list(viewer, req.query);
      res.json({
        mandates: page.items.map((m) => presentMandateSummary(m, viewer)),
        page: page.page,
        pageSize: page.pageSize,
        pageCount: page.pageCount,
        total: page.total,
      });
    }),
  );

  router.post(
    "/mandates",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const created = await mandates.create(viewer, req.body);
      res.status(201).location(`/api/v1/mandates/${created.mandate.id}`).json({ mandate: presentMandate(created, viewer) });
    }),
  );

  router.get(
    "/mandates/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const loaded = await mandates.get(viewer, req.params.id);
      const { id, clientOrganizationId } = loaded.mandate;
      await services.accessRecord.recordRead(viewer, { mandateId: id, clientOrganizationId, channel: "api" });
      res.json({ mandate: presentMandate(loaded, viewer) });
    }),
  );

  router.patch(
    "/mandates/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ mandate: presentMandate(await mandates.update(viewer, req.params.id, req.body), viewer) });
    }),
  );

  router.post(
    "/mandates/:id/deliverables",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const created = await mandates.addDeliverables(viewer, req.params.id, req.body);
      const { mandate } = await mandates.get(viewer, req.params.id);
      res.status(201).json({ deliverables: created.map((d) => presentDeliverable(d, mandate, viewer)) });
    }),
  );

  router.get(
    "/mandates/:id/suggested-deliverables",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ suggestions: await mandates.suggestedDeliverables(viewer, req.params.id, req.query.toolkitId) });
    }),
  );

  router.get(
    "/deliverables/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const deliverable = await mandates.getDeliverable(viewer, req.params.id);
      const history = await mandates.listStatusChanges(viewer, req.params.id);
      res.json({ deliverable: presentDeliverable(deliverable, deliverable.mandate, viewer), statusChanges: history.map(presentStatusChange) });
    }),
  );

  // The immutable delivery records (ADR 020), newest first, under the deliverable's own read policy.
  router.get(
    "/deliverables/:id/delivery-records",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const { deliverable, records } = await mandates.listDeliveryRecords(viewer, req.params.id);
      res.json({ deliveryRecords: presentDeliveryRecords(records, deliverable.mandate, viewer) });
    }),
  );

  router.patch(
    "/deliverables/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const deliverable = await mandates.updateDeliverable(viewer, req.params.id, req.body);
      res.json({ deliverable: presentDeliverable(deliverable, deliverable.mandate, viewer) });
    }),
  );

  router.delete(
    "/deliverables/:id",
    handle(async (req, res, state) => {
      await mandates.deleteDeliverable(requireAuth(state).viewer, req.params.id);
      res.status(204).end();
    }),
  );

  router.delete(
    "/mandates/:id",
    handle(async (req, res, state) => {
      await mandates.delete(requireAuth(state).viewer, req.params.id);
      res.status(204).end();
    }),
  );

  router.post(
    "/mandates/:id/resources",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const links = await mandates.attachResource(viewer, req.params.id, req.body);
      res.status(201).json({ resources: links.map(presentResourceLink) });
    }),
  );

  router.post(
    "/mandates/:id/resources/:linkId/move-forward",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const link = await mandates.moveLinkForward(viewer, req.params.id, req.params.linkId);
      res.json({ resource: presentResourceLink(link) });
    }),
  );

  router.delete(
    "/mandates/:id/resources/:linkId",
    handle(async (req, res, state) => {
      await mandates.detachResource(requireAuth(state).viewer, req.params.id, req.params.linkId);
      res.status(204).end();
    }),
  );

  router.get(
    "/mandates/:id/activity",
    handle(async (req, res, state) => {
      const events = await mandates.activity(requireAuth(state).viewer, req.params.id, req.query);
      res.json({ activity: events.map(presentActivity) });
    }),
  );

  router.get(
    "/documents/:id/usage",
    handle(async (req, res, state) => {
      const usage = await mandates.documentUsage(requireAuth(state).viewer, req.params.id);
      res.json({ usage: presentDocumentUsage(usage) });
    }),
  );

  return router;
}
