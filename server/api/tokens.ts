import { Router } from "express";
import { z } from "zod";
import { textField } from "../validation.ts";
import { presentApiToken } from "../auth/index.ts";
import type { Services } from "../context.ts";
import { handle, parse, requireAuth } from "./handler.ts";

const TokenIdSchema = z.object({ id: textField().min(1).max(64) });

export function tokenRoutes(services: Services) {
  const router = Router();

  router.post(
    "/tokens",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const { token, record } = await services.auth.createApiToken(viewer, req.body);
      // The secret is in this response and nowhere else, ever.
      res.status(201).json({ token, apiToken: presentApiToken(record) });
    }),
  );

  router.get(
    "/tokens",
    handle(async (_req, res, state) => {
      const tokens = await services.auth.listApiTokens(requireAuth(state).viewer);
      res.json({ apiTokens: tokens.map(presentApiToken) });
    }),
  );

  router.delete(
    "/tokens/:id",
    handle(async (req, res, state) => {
      const { id } = parse(TokenIdSchema, req.params);
      await services.auth.revokeApiToken(requireAuth(state).viewer, id);
      res.status(204).end();
    }),
  );

  return router;
}
