import { Router } from "express";
import { presentBreakGlassGrant, presentWall } from "../access/presenter.ts";
import type { Services } from "../context.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * Client confidentiality (ADR 013). Ethical walls, for the provider's admins (404 for anyone
 * else): `GET /walls`, `POST /walls` `{ userId, clientOrganizationId, reason }`,
 * `POST /walls/:id/lift` `{ reason }`. Break-glass: `POST /break-glass`
 * `{ mandateId | documentId | clientOrganizationId, reason }` opens that client's material to the
 * calling admin for a few hours; `GET /break-glass` lists the grants open now.
 */
export function accessRoutes(services: Services) {
  const router = Router();
  const { walls, breakGlass } = services.access;

  router.get(
    "/walls",
    handle(async (_req, res, state) => {
      const rows = await walls.list(requireAuth(state).viewer);
      res.json({ walls: rows.map(presentWall) });
    }),
  );

  router.post(
    "/walls",
    handle(async (req, res, state) => {
      const wall = await walls.create(requireAuth(state).viewer, req.body);
      res.status(201).json({ wall: presentWall(wall) });
    }),
  );

  router.post(
    "/walls/:id/lift",
    handle(async (req, res, state) => {
      const wall = await walls.lift(requireAuth(state).viewer, req.params.id, req.body);
      res.json({ wall: presentWall(wall) });
    }),
  );

  router.get(
    "/break-glass",
    handle(async (_req, res, state) => {
      const grants = await breakGlass.listActive(requireAuth(state).viewer);
      res.json({ grants: grants.map(presentBreakGlassGrant) });
    }),
  );

  router.post(
    "/break-glass",
    handle(async (req, res, state) => {
      const grant = await breakGlass.open(requireAuth(state).viewer, req.body);
      res.status(201).json({ grant: presentBreakGlassGrant(grant) });
    }),
  );

  return router;
}
