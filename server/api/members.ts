import { Router } from "express";
import type { Services } from "../context.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * An organisation's members, for its admins: `PATCH /members/:id` `{ role?, title? }` changes a
 * role and/or the job title approval policies match against owner roles (ADR 018),
 * `DELETE /members/:id` removes the member. 404 for anyone who may not manage that organisation;
 * 409 `last_admin` rather than leave it without an admin. Both are audited.
 */
export function memberRoutes(services: Services) {
  const router = Router();
  const auth = services.auth;

  router.patch(
    "/members/:id",
    handle(async (req, res, state) => {
      const viewer = requireAuth(state).viewer;
      const { title, ...rest } = (req.body ?? {}) as Record<string, unknown>;
      const hasTitle = req.body && typeof req.body === "object" && "title" in req.body;
      // The role change validates everything but the title (and answers an empty body with its own error).
      let member = hasTitle && !Object.keys(rest).length ? null : await auth.changeMemberRole(viewer, req.params.id, rest);
      if (hasTitle) member = await auth.changeMemberTitle(viewer, req.params.id, { title });
      res.json({ member: { id: member!.id, userId: member!.userId, organizationId: member!.organizationId, role: member!.role, title: member!.title } });
    }),
  );

  router.delete(
    "/members/:id",
    handle(async (req, res, state) => {
      await auth.removeMember(requireAuth(state).viewer, req.params.id);
      res.status(204).end();
    }),
  );

  return router;
}
