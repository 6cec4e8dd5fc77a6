import { Router } from "express";
import type { Services } from "../context.ts";
import { presentDocument } from "../documents/presenter.ts";
import { presentHold, presentTrashItem } from "../retention/presenter.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * The trash and legal holds (ADR 021). `DELETE /documents/:id` moves a document to the trash;
 * `POST /trash/:id/restore` takes it out (not to be confused with un-archiving, /documents/:id/restore).
 */
export function retentionRoutes(services: Services) {
  const router = Router();

  router.get(
    "/trash",
    handle(async (_req, res, state) => {
      const items = await services.retention.listTrash(requireAuth(state).viewer);
      res.json({ items: items.map(presentTrashItem) });
    }),
  );

  router.post(
    "/trash/:id/restore",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const doc = await services.documents.restoreFromTrash(viewer, req.params.id);
      res.json({ document: presentDocument(doc, viewer) });
    }),
  );

  router.get(
    "/legal-holds",
    handle(async (req, res, state) => {
      const holds = await services.retention.listHolds(requireAuth(state).viewer, req.query);
      res.json({ holds: holds.map(presentHold) });
    }),
  );

  router.post(
    "/legal-holds",
    handle(async (req, res, state) => {
      const hold = await services.retention.placeHold(requireAuth(state).viewer, req.body);
      res.status(201).json({ hold: presentHold(hold) });
    }),
  );

  router.post(
    "/legal-holds/:id/lift",
    handle(async (req, res, state) => {
      const hold = await services.retention.liftHold(requireAuth(state).viewer, req.params.id, req.body);
      res.json({ hold: presentHold(hold) });
    }),
  );

  return router;
}
