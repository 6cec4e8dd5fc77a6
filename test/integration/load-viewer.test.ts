// The viewer every policy decision starts from, loaded in one statement (server/auth/viewer.ts):
// memberships in the order they were made, and need-to-know as the policy reads it — teams by
// project management or membership, break-glass grants only until they expire, walls only while
// they stand. Runs on PGlite and, in CI, on PostgreSQL.
import { beforeAll, expect, test } from "vitest";
import { loadViewer, loadViewers } from "../../server/auth/viewer.ts";
import { useTestDatabase } from "../helpers/database.ts";

const db = useTestDatabase();
const suffix = Math.random().toString(36).slice(2, 8);
let userId: string;
const ids: Record<string, string> = {};

const organization = (name: string, kind: "PROVIDER" | "CLIENT") =>
  db().prisma.organization.create({ data: { name: `${name} ${suffix}`, slug: `${name.toLowerCase()}-${suffix}`, kind } });

function mandate(clientOrganizationId: string, reference: string, projectManagerId: string | null) {
  return db().prisma.mandate.create({
    data: {
      providerOrganizationId: ids.provider!,
      clientOrganizationId,
      reference,
      title: reference,
      projectManagerId,
      pricingModel: "FIXED_PER_DELIVERABLE",
      currency: "EUR",
      budgetMinor: 100_000n,
      startDate: new Date("2026-01-01T00:00:00Z"),
    },
  });
}

beforeAll(async () => {
  ids.provider = (await organization("Provider", "PROVIDER")).id;
  ids.second = (await organization("Second", "PROVIDER")).id;
  for (const name of ["Managed", "Member", "Glass", "Expired", "Walled", "Lifted", "Elsewhere"]) ids[name] = (await organization(name, "CLIENT")).id;
  const user = await db().prisma.user.create({
    data: {
      email: `viewer-${suffix}@example.test`,
      name: "Vera Viewer",
      memberships: { create: { organizationId: ids.provider, role: "EDITOR", createdAt: new Date("2026-01-01T00:00:00Z") } },
    },
  });
  userId = user.id;
  await db().prisma.membership.create({ data: { userId, organizationId: ids.second, role: "VIEWER", createdAt: new Date("2026-02-01T00:00:00Z") } });
  const someoneElse = await db().prisma.user.create({ data: { email: `other-${suffix}@example.test`, name: "Other" } });

  await mandate(ids.Managed!, "PM-1", userId);
  await mandate(ids.Managed!, "PM-2", userId); // a second mandate of the same client: one id
  const onTeam = await mandate(ids.Member!, "MEM-1", someoneElse.id);
  await db().prisma.mandateMember.create({ data: { mandateId: onTeam.id, userId } });
  await mandate(ids.Elsewhere!, "OTHER-1", someoneElse.id); // not hers

  const glass = (client: string, expiresAt: Date) =>
    db().prisma.breakGlassAccess.create({ data: { userId, clientOrganizationId: client, reason: "Checking what was sent", expiresAt } });
  await glass(ids.Glass!, new Date("2026-06-01T12:00:00Z"));
  await glass(ids.Expired!, new Date("2026-06-01T08:00:00Z"));

  const wall = (client: string, removedAt: Date | null) =>
    db().prisma.ethicalWall.create({ data: { providerOrganizationId: ids.provider!, userId, clientOrganizationId: client, reason: "Conflict", removedAt } });
  await wall(ids.Walled!, null);
  await wall(ids.Lifted!, new Date("2026-03-01T00:00:00Z"));
});

test("a viewer holds their memberships in the order made, and the clients their teams, live grants and standing walls name", async () => {
  const viewer = await loadViewer(db().prisma, userId, new Date("2026-06-01T10:00:00Z"));
  expect(viewer).toMatchObject({ id: userId, email: `viewer-${suffix}@example.test`, name: "Vera Viewer" });
  expect(viewer!.memberships).toEqual([
    { organizationId: ids.provider, organizationName: `Provider ${suffix}`, organizationKind: "PROVIDER", role: "EDITOR" },
    { organizationId: ids.second, organizationName: `Second ${suffix}`, organizationKind: "PROVIDER", role: "VIEWER" },
  ]);
  expect(viewer!.clientAccess).toEqual({
    teamClientIds: [ids.Managed, ids.Member].sort(),
    breakGlassClientIds: [ids.Glass],
    walledClientIds: [ids.Walled],
  });
});

test("a break-glass grant ends at its expiry; an unknown user is no viewer", async () => {
  const later = await loadViewer(db().prisma, userId, new Date("2026-06-01T12:00:00Z"));
  expect(later!.clientAccess.breakGlassClientIds).toEqual([]);
  expect(await loadViewer(db().prisma, "no-such-user")).toBeNull();
});

test("many viewers load at once, each as it would alone; unknown ids are left out", async () => {
  const at = new Date("2026-06-01T10:00:00Z");
  const other = await db().prisma.user.findFirstOrThrow({ where: { email: `other-${suffix}@example.test` } });
  const many = await loadViewers(db().prisma, [userId, "no-such-user", other.id, userId], at);
  expect([...many.keys()].sort()).toEqual([userId, other.id].sort());
  expect(many.get(userId)).toEqual(await loadViewer(db().prisma, userId, at));
  expect(many.get(other.id)).toEqual({
    id: other.id,
    email: `other-${suffix}@example.test`,
    name: "Other",
    memberships: [],
    clientAccess: { teamClientIds: [ids.Member, ids.Elsewhere].sort(), breakGlassClientIds: [], walledClientIds: [] },
  });
});
