import { Router } from "express";
import type { Services } from "../context.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * The signed-in person's inbox: `GET /notifications` (newest first, with the unread count),
 * `POST /notifications/:id/read`, `POST /notifications/read-all`. Another person's notification
 * is a 404, as if it did not exist. `GET /mail/failed` lists mail given up on, for the
 * provider's admins.
 */
export function notificationRoutes(services: Services) {
  const router = Router();

  router.get(
    "/notifications",
    handle(async (_req, res, state) => {
      res.json(await services.notifications.list(requireAuth(state).viewer));
    }),
  );

  router.post(
    "/notifications/read-all",
    handle(async (_req, res, state) => {
      res.json(await services.notifications.markAllRead(requireAuth(state).viewer));
    }),
  );

  router.post(
    "/notifications/:id/read",
    handle(async (req, res, state) => {
      res.json({ notification: await services.notifications.markRead(requireAuth(state).viewer, req.params.id) });
    }),
  );

  router.get(
    "/mail/failed",
    handle(async (_req, res, state) => {
      res.json({ mail: await services.notifications.listFailedMail(requireAuth(state).viewer) });
    }),
  );

  return router;
}
