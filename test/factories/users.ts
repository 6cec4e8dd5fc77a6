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
  const { user, organization } = await auth.upsertUser({
    email,
    password,
    role,
    organizationName: organizationName ?? (role === "CLIENT" ? "Client Co" : undefined),
    name,
  });
  return { user, organization, email, password };
}

/** The viewer for a user, as policies and services see them once signed in. */
export async function viewerOf(db: Db, userId: string): Promise<Viewer> {
  const viewer = await loadViewer(db, userId);
  if (!viewer) throw new Error(`no user ${userId}`);
  return viewer;
}
