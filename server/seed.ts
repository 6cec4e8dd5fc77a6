import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Db } from "./db/database.ts";
import type { AuthService } from "./auth/index.ts";

export const DEMO_ADMIN_EMAIL = "admin@precedent.local";
export const DEMO_PROVIDER_NAME = "Demo Law Company";

function readablePassword(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes).match(/.{1,6}/g)!.join("-");
}

/**
 * On a database with no users: the demo provider organisation and its first admin, whose
 * password exists only in the returned value (printed once on the console).
 * The content library from playbooks/ is imported here once that issue lands.
 */
export async function seedFirstStart({ db, auth }: { db: Db; auth: AuthService }) {
  if ((await db.user.count()) > 0) return null;
  const password = readablePassword();
  const { user, organization } = await auth.upsertUser({
    email: DEMO_ADMIN_EMAIL,
    password,
    role: "ADMIN",
    organizationName: DEMO_PROVIDER_NAME,
    name: "Demo Admin",
  });
  return { email: user.email, password, organization: organization.name };
}
