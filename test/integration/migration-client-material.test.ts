// The client_confidentiality migration on data made before it (ADR 013): a document generated for
// a deliverable becomes client material of that mandate's client, shared with that client only
// and linked from its mandates only; everything else stays house knowledge; today's teams start
// the team history. Runs on its own in-memory PGlite: migrations up to the one before, rows
// written as the old schema had them, then the rest of the migrations.
import { afterAll, expect, test } from "vitest";
import { databaseBeforeMigration, type BeforeMigration } from "../helpers/before-migration.ts";

let before: BeforeMigration | undefined;
afterAll(async () => {
  await before?.close();
});

test("generated documents become their mandate's client's material; the rest stays house knowledge", { timeout: 180_000 }, async () => {
  before = await databaseBeforeMigration("client_confidentiality");
  const { db, sql } = before;

  await sql(`INSERT INTO "Organization" (id, name, slug, kind, "updatedAt") VALUES
    ('prov', 'Provider LLP', 'prov', 'PROVIDER', now()), ('ca', 'Client A', 'ca', 'CLIENT', now()), ('cb', 'Client B', 'cb', 'CLIENT', now())`);
  await sql(`INSERT INTO "User" (id, email, name, "updatedAt") VALUES ('pm', 'pm@x.test', 'PM', now()), ('mem', 'mem@x.test', 'Member', now())`);
  await sql(`INSERT INTO "Mandate" (id, "providerOrganizationId", "clientOrganizationId", title, reference, "projectManagerId", "pricingModel", currency, "budgetMinor", "startDate", "updatedAt", "createdAt")
    VALUES ('ma', 'prov', 'ca', 'A work', 'A-1', 'pm', 'CAPPED', 'EUR', 100, '2026-01-01', now(), '2026-01-01'),
           ('mb', 'prov', 'cb', 'B work', 'B-1', NULL, 'CAPPED', 'EUR', 100, '2026-01-01', now(), '2026-01-02')`);
  await sql(`INSERT INTO "MandateMember" ("mandateId", "userId", "addedAt") VALUES ('ma', 'pm', '2026-01-01'), ('ma', 'mem', '2026-02-01')`);
  await sql(`INSERT INTO "Deliverable" (id, "mandateId", title, type, "updatedAt") VALUES ('da', 'ma', 'Memo', 'Memo', now())`);
  const doc = (id: string, kind: string, tags: string, visibility = "INTERNAL") =>
    `('${id}', 'prov', '${kind}', '${id}', ARRAY[${tags}]::text[], ARRAY[]::text[], '${visibility}', now())`;
  await sql(`INSERT INTO "Document" (id, "organizationId", kind, title, tags, jurisdictions, visibility, "updatedAt") VALUES
    ${doc("generated", "PRECEDENT", "'generated'", "SHARED")}, ${doc("playbook", "PLAYBOOK", "'nda'")}, ${doc("toolkit", "TOOLKIT", "")},
    ${doc("linkedNotGenerated", "PRECEDENT", "'precedent'")}`);
  await sql(`INSERT INTO "DocumentShare" ("documentId", "organizationId") VALUES ('generated', 'ca'), ('generated', 'cb')`);
  await sql(`INSERT INTO "ResourceLink" (id, "mandateId", "deliverableId", "documentId", "attachedAt") VALUES
    ('l1', 'ma', 'da', 'generated', '2026-03-01'), ('l2', 'mb', NULL, 'generated', '2026-03-02'), ('l3', 'ma', NULL, 'playbook', '2026-03-01'),
    ('l4', 'ma', 'da', 'linkedNotGenerated', '2026-03-01')`);
  await sql(`INSERT INTO "ToolkitItem" ("toolkitId", "documentId", position) VALUES ('toolkit', 'playbook', 0), ('toolkit', 'generated', 1)`);

  expect(await before.migrateRest()).toContain(before.migration);

  const docs = await db.prisma.$queryRawUnsafe<Array<{ id: string; clientOrganizationId: string | null; mandateId: string | null; confidentiality: string; visibility: string }>>(
    `SELECT id, "clientOrganizationId", "mandateId", confidentiality::text, visibility::text FROM "Document" ORDER BY id`,
  );
  expect(docs).toEqual([
    { id: "generated", clientOrganizationId: "ca", mandateId: "ma", confidentiality: "CLIENT_CONFIDENTIAL", visibility: "SHARED" },
    { id: "linkedNotGenerated", clientOrganizationId: null, mandateId: null, confidentiality: "HOUSE", visibility: "INTERNAL" },
    { id: "playbook", clientOrganizationId: null, mandateId: null, confidentiality: "HOUSE", visibility: "INTERNAL" },
    { id: "toolkit", clientOrganizationId: null, mandateId: null, confidentiality: "HOUSE", visibility: "INTERNAL" },
  ]);
  const rows = async (query: string) => (await db!.prisma.$queryRawUnsafe<Array<{ v: string }>>(query)).map((r) => r.v);
  expect(await rows(`SELECT "organizationId" AS v FROM "DocumentShare" WHERE "documentId" = 'generated'`)).toEqual(["ca"]);
  expect((await rows(`SELECT id AS v FROM "ResourceLink" ORDER BY id`)).sort()).toEqual(["l1", "l3", "l4"]);
  expect(await rows(`SELECT "documentId" AS v FROM "ToolkitItem"`)).toEqual(["playbook"]);
  expect(
    await rows(`SELECT "mandateId" || ':' || "userId" || ':' || role::text || ':' || to_char("startedAt", 'YYYY-MM-DD') AS v FROM "MandateTeamPeriod" WHERE "endedAt" IS NULL ORDER BY 1`),
  ).toEqual(["ma:mem:MEMBER:2026-02-01", "ma:pm:MEMBER:2026-01-01", "ma:pm:PROJECT_MANAGER:2026-01-01"]);
});
