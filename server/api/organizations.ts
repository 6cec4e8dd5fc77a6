import { Router } from "express";
import { presentOrganization, presentOrganizationDetail } from "../auth/index.ts";
import type { Services } from "../context.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * Organisations by identity, for the provider's admins: `GET /organizations` lists client
 * organisations with member and mandate counts, `POST /organizations { name }` creates a new
 * client organisation (always new: two may share a name), `GET /organizations/:id` shows its
 * members and mandates, `PATCH /organizations/:id { name }` renames it (id and slug stay).
 * 404 for anyone who does not manage them; creating and renaming are audited.
 */
export function organizationRoutes(services: Services) {
  const router = Router();
  const auth = services.auth;

  router.get(
    "/organizations",
    handle(async (_req, res, state) => {
      const organizations = await auth.listClientOrganizations(requireAuth(state).viewer);
      res.json({ organizations: organizations.map(presentOrganization) });
    }),
  );

  router.post(
    "/organizations",
    handle(async (req, res, state) => {
      const organization = await auth.createClientOrganization(requireAuth(state).viewer, req.body);
      res.status(201).json({ organization: presentOrganization(organization) });
    }),
  );

  router.get(
    "/organizations/:id",
    handle(async (req, res, state) => {
      res.json(presentOrganizationDetail(await auth.getOrganization(requireAuth(state).viewer, req.params.id)));
    }),
  );

  router.patch(
    "/organizations/:id",
    handle(async (req, res, state) => {
      const organization = await auth.renameOrganization(requireAuth(state).viewer, req.params.id, req.body);
      res.json({ organization: presentOrganization(organization) });
    }),
  );

  return router;
}
