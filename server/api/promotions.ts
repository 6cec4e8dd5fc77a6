import { Router } from "express";
import type { Services } from "../context.ts";
import { presentPromotion, presentPromotionPreview } from "../documents/promotion-presenter.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * Promote to precedent (server/documents/promotion.ts): the sanitisation preview of a client's
 * document, the request, and a knowledge lawyer's decision. A source the caller may not read is
 * 404; house knowledge is 400 not_client_material; terms left in the text are 400
 * identifying_terms_remain (details.terms names them); the requester deciding is 403.
 */
export function promotionRoutes(services: Services) {
  const router = Router();
  const promotions = services.promotions;

  router.get(
    "/documents/:id/promotion-preview",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const preview = await promotions.preview(viewer, req.params.id, req.query);
      res.json({ preview: presentPromotionPreview(preview, viewer) });
    }),
  );

  // The promote page's live preview: these replacements applied, and what still identifies the client. Stores nothing.
  router.post(
    "/documents/:id/promotion-preview",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const result = await promotions.tryReplacements(viewer, req.params.id, req.body ?? {});
      res.json({ content: { json: result.json }, remaining: result.remaining, titleTerms: result.titleTerms });
    }),
  );

  router.post(
    "/documents/:id/promotions",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const promotion = await promotions.request(viewer, req.params.id, req.body);
      res.status(201).location(`/api/v1/promotions/${promotion.id}`).json({ promotion: presentPromotion(promotion, viewer) });
    }),
  );

  router.get(
    "/promotions",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const rows = await promotions.list(viewer, req.query);
      res.json({ promotions: rows.map((p) => presentPromotion(p, viewer)) });
    }),
  );

  router.get(
    "/promotions/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ promotion: presentPromotion(await promotions.get(viewer, req.params.id), viewer) });
    }),
  );

  router.post(
    "/promotions/:id/decision",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ promotion: presentPromotion(await promotions.decide(viewer, req.params.id, req.body ?? {}), viewer) });
    }),
  );

  router.post(
    "/promotions/:id/withdraw",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ promotion: presentPromotion(await promotions.withdraw(viewer, req.params.id), viewer) });
    }),
  );

  return router;
}
