// The people a mandate form can name (PM, team, owners): the provider's staff, never clients,
// and nobody for a viewer who cannot create or change the mandate.
import { beforeAll, describe, expect, test } from "vitest";
import type { Viewer } from "../../server/auth/viewer.ts";
import { createMandateService, type MandateService } from "../../server/mandates/service.ts";
import { createUser, viewerOf } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createAuthService } from "../../server/auth/service.ts";
import { loadConfig } from "../../server/config.ts";

const db = useTestDatabase();
let mandates: MandateService;
let editor: Viewer;
let staffViewer: Viewer;
let clientMember: Viewer;
let clientOrgId: string;

beforeAll(async () => {
  mandates = createMandateService({ db: db().prisma });
  const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: "memory://", SEED_DEMO: "false", LOG_LEVEL: "warn" });
  const auth = createAuthService({ db: db().prisma, config });
  const e = await createUser(auth, { role: "EDITOR", organizationName: "Provider LLP", name: "Eve Editor" });
  const v = await createUser(auth, { role: "VIEWER", organizationName: "Provider LLP", name: "Vic Viewer" });
  const c = await createUser(auth, { role: "CLIENT", organizationName: "Client A", name: "Cat Client" });
  clientOrgId = c.organization.id;
  editor = await viewerOf(db().prisma, e.user.id);
  staffViewer = await viewerOf(db().prisma, v.user.id);
  clientMember = await viewerOf(db().prisma, c.user.id);
});

describe("mandate staff", () => {
  test("an editor gets the provider's staff, managers marked, no client members", async () => {
    const staff = await mandates.listStaff(editor);
    expect(staff.map((s) => [s.name, s.canManage])).toEqual([
      ["Eve Editor", true],
      ["Vic Viewer", false],
    ]);
  });

  test("a viewer or a client member gets nobody to name", async () => {
    expect(await mandates.listStaff(staffViewer)).toEqual([]);
    expect(await mandates.listStaff(clientMember)).toEqual([]);
  });

  test("for a mandate: its provider's staff for those who may change it, 403 for a client member who only reads it", async () => {
    const created = await mandates.create(editor, {
      clientOrganizationId: clientOrgId,
      title: "Staff test",
      reference: "ST-1",
      pricingModel: "CAPPED",
      currency: "EUR",
      budget: "1,000",
      startDate: "2026-01-05",
    });
    expect((await mandates.listStaff(editor, created.mandate.id)).map((s) => s.name)).toEqual(["Eve Editor", "Vic Viewer"]);
    await expect(mandates.listStaff(clientMember, created.mandate.id)).rejects.toMatchObject({ status: 403 });
  });
});
