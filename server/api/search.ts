import { Router } from "express";
import type { Services } from "../context.ts";
import { presentSearchResult } from "../search/presenter.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * GET /api/v1/search?q=&kind=&jurisdiction=&practiceArea=&tag=&status=&scope=&page=&limit=
 * Filters repeat (`?tag=a&tag=b`) or take comma lists. Visibility is applied inside the engine
 * query: the caller only ever counts and pages over what they may read.
 */
export function searchRoutes(services: Services) {
  const router = Router();
  router.get(
    "/search",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const result = await services.search.search(viewer, req.query);
      res.setHeader("Cache-Control", "private, no-store");
      res.json(presentSearchResult(result));
    }),
  );
  return router;
}
