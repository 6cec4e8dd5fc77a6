import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Db } from "./db/database.ts";
import type { AuthService } from "./auth/index.ts";
import { loadViewer } from "./auth/viewer.ts";
import type { DocumentService } from "./documents/service.ts";
import { collectLibraryFiles, STARTER_LIBRARY_DIR } from "./library/files.ts";
import { createLibraryService, type ImportSummary } from "./library/import.ts";

export const DEMO_ADMIN_EMAIL = "admin@precedent.local";
export const DEMO_PROVIDER_NAME = "Demo Law Company";
/** The first-start seeding lock (ADR 025), distinct from the migration and server locks. */
const SEED_LOCK_KEY = 7_025_003;
/** Seeding hashes one password: processes queued behind it wait at most this long. */
const SEED_LOCK_WAIT_MS = 60_000;

function readablePassword(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes).match(/.{1,6}/g)!.join("-");
}

/**
 * On a database with no users: the demo provider organisation and its first admin, whose
 * password exists only in the returned value (printed once on the console). The starter
 * library follows with `seedStarterLibrary`.
 */
export async function seedFirstStart({ db, auth, kind }: { db: Db; auth: AuthService; kind: "pglite" | "postgres" }) {
  const seed = async () => {
    if ((await db.user.count()) > 0) return null;
    const password = readablePassword();
    const { user, organization } = await auth.upsertUser({
      email: DEMO_ADMIN_EMAIL,
      password,
      role: "ADMIN",
      organization: { create: { name: DEMO_PROVIDER_NAME, kind: "PROVIDER" } },
      name: "Demo Admin",
    });
    return { email: user.email, password, organization: organization.name };
  };
  // PGlite is one process (the data-folder lock), and its one connection would be held by the
  // transaction below: the check and the create need no lock there.
  if (kind === "pglite") return seed();
  // Processes starting at once on an empty PostgreSQL database: the check and the create happen
  // under one transaction-level lock, so exactly one of them seeds. The create runs on other
  // connections, committed before the lock goes with this transaction.
  return db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
      return seed();
    },
    { maxWait: SEED_LOCK_WAIT_MS, timeout: SEED_LOCK_WAIT_MS },
  );
}

/**
 * Imports the starter library (playbooks/) as the first admin, only into an empty library (a
 * restored or hand-filled one keeps its own). null when there was nothing to do. The import is
 * idempotent by slug: if it was interrupted, `npm run library:import -- playbooks` completes it.
 */
export async function seedStarterLibrary({
  db,
  documents,
  libraryDir = STARTER_LIBRARY_DIR,
}: {
  db: Db;
  documents: DocumentService;
  libraryDir?: string;
}): Promise<ImportSummary | null> {
  if ((await db.document.count()) > 0) return null;
  const admin = await db.user.findFirst({
    where: { memberships: { some: { role: "ADMIN", organization: { kind: "PROVIDER" } } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  const viewer = admin && (await loadViewer(db, admin.id));
  if (!viewer) return null;
  const { sources, skipped } = await collectLibraryFiles([libraryDir]);
  const summary = await createLibraryService({ documents }).importFiles(viewer, sources);
  return { ...summary, skipped: [...skipped, ...summary.skipped] };
}
