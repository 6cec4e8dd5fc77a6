// The first start on an empty database creates the demo organisation and one admin, once.
import { describe, expect, test } from "vitest";
import fs from "node:fs";
import { createAuthService } from "../../server/auth/service.ts";
import { createDocumentService } from "../../server/documents/service.ts";
import { STARTER_LIBRARY_DIR } from "../../server/library/files.ts";
import { DEMO_ADMIN_EMAIL, DEMO_PROVIDER_NAME, seedFirstStart, seedStarterLibrary } from "../../server/seed.ts";
import { countRows, useTestDatabase } from "../helpers/database.ts";

const db = useTestDatabase();

describe("seedFirstStart", () => {
  test("creates exactly one admin on an empty database, then nothing on the next start", async () => {
    const prisma = db().prisma;
    const auth = createAuthService({ db: prisma });
    expect(await prisma.user.count()).toBe(0);

    const seeded = await seedFirstStart({ db: prisma, auth, kind: db().kind });
    expect(seeded).toEqual({ email: DEMO_ADMIN_EMAIL, password: expect.any(String), organization: DEMO_PROVIDER_NAME });
    expect(seeded?.password).toMatch(/^[a-z2-7]{6}(-[a-z2-7]{1,6})+$/);

    const users = await prisma.user.findMany({ include: { memberships: { include: { organization: true } } } });
    expect(users).toHaveLength(1);
    expect(users[0]?.memberships).toHaveLength(1);
    expect(users[0]?.memberships[0]).toMatchObject({ role: "ADMIN", organization: { name: DEMO_PROVIDER_NAME, kind: "PROVIDER" } });
    expect(users[0]?.passwordHash).not.toContain(seeded!.password);

    // The printed password signs in.
    const { viewer } = await auth.login({ email: DEMO_ADMIN_EMAIL, password: seeded!.password }, { ip: "127.0.0.1" });
    expect(viewer.email).toBe(DEMO_ADMIN_EMAIL);

    const before = await countRows(db());
    expect(await seedFirstStart({ db: prisma, auth, kind: db().kind })).toBeNull();
    expect(await countRows(db())).toEqual(before);
  });
});

describe("seedStarterLibrary", () => {
  const fresh = useTestDatabase();

  test("imports playbooks/ as the first admin into an empty library, once", async () => {
    const prisma = fresh().prisma;
    const auth = createAuthService({ db: prisma });
    const documents = createDocumentService({ db: prisma });
    expect(await seedStarterLibrary({ db: prisma, documents }), "no admin yet").toBeNull();
    await seedFirstStart({ db: prisma, auth, kind: db().kind });
    const library = await seedStarterLibrary({ db: prisma, documents });
    const files = fs.readdirSync(STARTER_LIBRARY_DIR).filter((f) => f.endsWith(".md"));
    expect(library).toEqual({ imported: expect.any(Array), updated: [], skipped: [], warnings: [] });
    expect(library?.imported).toHaveLength(files.length);

    const admin = await prisma.user.findFirstOrThrow();
    const docs = await prisma.document.findMany({ select: { ownerId: true, slug: true } });
    expect(docs).toHaveLength(files.length);
    expect(new Set(docs.map((d) => d.ownerId))).toEqual(new Set([admin.id]));
    expect(await seedStarterLibrary({ db: prisma, documents }), "the library is no longer empty").toBeNull();
    expect(await prisma.document.count()).toBe(files.length);
  });
});
