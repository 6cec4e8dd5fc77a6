import { Router } from "express";
import type { Services } from "../context.ts";
import { tooManyStreams } from "../errors.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * Comments on a document (ADR 031), under /documents/:id/comments:
 * `GET` lists the threads the caller may read; `GET /documents/:id/comment-events` is their
 * change signal as server-sent events; `POST` starts one ({ anchor?, quote, body,
 * visibility?, clientOrganizationId?, mentions? }); `GET …/mentionable?q=` lists who may be
 * @mentioned; `POST …/:threadId/comments` replies; `PATCH`/`DELETE …/:threadId/comments/:commentId`
 * edit or delete one's own comment; `POST …/:threadId/resolve` and `…/reopen`.
 * A document or thread the caller may not read is a 404; one they may read but not act on, a 403.
 */
export function commentRoutes(services: Services) {
  const router = Router();
  const comments = () => services.comments;

  router.get(
    "/documents/:id/comments",
    handle(async (req, res, state) => {
      res.json(await comments().list(requireAuth(state).viewer, req.params.id));
    }),
  );

  // Server-sent events: `changed` (no content) whenever a thread this reader may read changes; readers without a sync socket refetch on it.
  router.get(
    "/documents/:id/comment-events",
    handle(async (req, res, state) => {
      const { viewer, sessionId, apiTokenId, apiTokenExpiresAt } = requireAuth(state);
      const { documentId, audience } = await comments().eventAudience(viewer, req.params.id);
      const grant = { documentId, userId: viewer.id, sessionId: sessionId ?? null, apiTokenId: apiTokenId ?? null, audience, credentialsExpireAt: apiTokenExpiresAt ?? null };
      if (!(await services.commentStreams.open(grant, res))) throw tooManyStreams();
    }),
  );

  router.get(
    "/documents/:id/comments/mentionable",
    handle(async (req, res, state) => {
      res.json({ people: await comments().mentionCandidates(requireAuth(state).viewer, req.params.id, req.query) });
    }),
  );

  router.post(
    "/documents/:id/comments",
    handle(async (req, res, state) => {
      const thread = await comments().createThread(requireAuth(state).viewer, req.params.id, req.body);
      res.status(201).json({ thread });
    }),
  );

  router.post(
    "/documents/:id/comments/:threadId/comments",
    handle(async (req, res, state) => {
      const thread = await comments().reply(requireAuth(state).viewer, req.params.id, req.params.threadId, req.body);
      res.status(201).json({ thread });
    }),
  );

  router.patch(
    "/documents/:id/comments/:threadId/comments/:commentId",
    handle(async (req, res, state) => {
      res.json({ thread: await comments().editComment(requireAuth(state).viewer, req.params.id, req.params.threadId, req.params.commentId, req.body) });
    }),
  );

  router.delete(
    "/documents/:id/comments/:threadId/comments/:commentId",
    handle(async (req, res, state) => {
      res.json(await comments().deleteComment(requireAuth(state).viewer, req.params.id, req.params.threadId, req.params.commentId));
    }),
  );

  router.post(
    "/documents/:id/comments/:threadId/resolve",
    handle(async (req, res, state) => {
      res.json({ thread: await comments().resolve(requireAuth(state).viewer, req.params.id, req.params.threadId) });
    }),
  );

  router.post(
    "/documents/:id/comments/:threadId/reopen",
    handle(async (req, res, state) => {
      res.json({ thread: await comments().reopen(requireAuth(state).viewer, req.params.id, req.params.threadId) });
    }),
  );

  return router;
}
