// Users through the real auth service (upsertUser), so they are what the app would make.
import type { AuthService, Role, Viewer } from "../../server/auth/index.ts";
import { loadViewer } from "../../server/auth/viewer.ts";
import type { Db } from "../../server/db/database.ts";

let sequence = 0;
export const uniqueEmail = (label = "user") =>
  `${label}-${Date.now().toString(36)}-${(++sequence).toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.test`;

export const TEST_PASSWORD = "correct horse battery staple";

export async function createUser(
  auth: AuthService,
  { role = "EDITOR", organizationName, email = uniqueEmail(role.toLowerCase()), password = TEST_PASSWORD, name }:
    { role?: Role; organizationName?: string; email?: string; password?: string; name?: string } = {},
) {
  const orgName = organizationName ?? (role === "CLIENT" ? "Client Co" : undefined);
  const { user, organization } = await auth.upsertUser({ email, password, role, organization: orgName ? await organizationNamed(auth, orgName, role) : undefined, name });
  return { user, organization, email, password };
}

/**
 * Tests name their organisations ("Provider LLP", "Client A"): the first user with a name
 * creates it and the rest join it. The app never does this (organisations are chosen by id).
 */
async function organizationNamed(auth: AuthService, name: string, role: Role) {
  const [found, ...more] = await auth.findOrganizationsNamed(name);
  if (more.length) throw new Error(`several test organisations are named ${name}: use their ids`);
  return found ? { id: found.id } : { create: { name, kind: role === "CLIENT" ? ("CLIENT" as const) : ("PROVIDER" as const) } };
}

/** The viewer for a user, as policies and services see them once signed in. */
export async function viewerOf(db: Db, userId: string): Promise<Viewer> {
  const viewer = await loadViewer(db, userId);
  if (!viewer) throw new Error(`no user ${userId}`);
  return viewer;
}
