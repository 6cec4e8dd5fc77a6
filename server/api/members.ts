import { Router } from "express";
import type { Services } from "../context.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * An organisation's members, for its admins: `PATCH /members/:id` `{ role }` changes a role,
 * `DELETE /members/:id` removes the member. 404 for anyone who may not manage that organisation;
 * 409 `last_admin` rather than leave it without an admin. Both are audited.
 */
export function memberRoutes(services: Services) {
  const router = Router();
  const auth = services.auth;

  router.patch(
    "/members/:id",
    handle(async (req, res, state) => {
      const member = await auth.changeMemberRole(requireAuth(state).viewer, req.params.id, req.body);
      res.json({ member: { id: member.id, userId: member.userId, organizationId: member.organizationId, role: member.role } });
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
