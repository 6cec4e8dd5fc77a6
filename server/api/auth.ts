import { Router } from "express";
import { presentSession, presentViewer } from "../auth/index.ts";
import type { Services } from "../context.ts";
import { clearSessionCookie, sessionCookie } from "../http/cookies.ts";
import { handle, requireAuth } from "./handler.ts";

export function authRoutes(services: Services) {
  const router = Router();

  router.post(
    "/auth/login",
    handle(async (req, res, state) => {
      const { token, session, viewer } = await services.auth.login(req.body, {
        ip: state.clientIp,
        userAgent: req.headers["user-agent"],
      });
      res.append("Set-Cookie", sessionCookie(token, session.expiresAt, state.secure));
      res.json({ user: presentViewer(viewer), expiresAt: session.expiresAt.toISOString() });
    }),
  );

  router.post(
    "/auth/logout",
    handle(async (_req, res, state) => {
      await services.auth.logout(requireAuth(state));
      res.append("Set-Cookie", clearSessionCookie(state.secure));
      res.status(204).end();
    }),
  );

  router.post(
    "/auth/logout-everywhere",
    handle(async (_req, res, state) => {
      const sessions = await services.auth.logoutEverywhere(requireAuth(state).viewer);
      res.append("Set-Cookie", clearSessionCookie(state.secure));
      res.json({ sessionsEnded: sessions });
    }),
  );

  router.get(
    "/me",
    handle(async (_req, res, state) => {
      res.json({ user: presentViewer(requireAuth(state).viewer) });
    }),
  );

  router.post(
    "/me/password",
    handle(async (req, res, state) => {
      const { otherSessionsEnded } = await services.auth.changePassword(requireAuth(state), req.body, { ip: state.clientIp });
      res.json({ otherSessionsEnded });
    }),
  );

  router.get(
    "/me/sessions",
    handle(async (_req, res, state) => {
      const sessions = await services.auth.listSessions(requireAuth(state));
      res.json({ sessions: sessions.map(presentSession) });
    }),
  );

  router.delete(
    "/me/sessions/:id",
    handle(async (req, res, state) => {
      await services.auth.endSession(requireAuth(state), req.params.id);
      res.status(204).end();
    }),
  );

  return router;
}
