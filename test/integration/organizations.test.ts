// Organisations by identity: two client organisations with the same name stay two — created
// explicitly over the API, invited into by id, and each accepting member sees only their own
// organisation's mandates. Only the provider's admins list, create, read and rename them (404
// for anyone else); creating and renaming are audited.
import { beforeAll, describe, expect, test } from "vitest";
import type { PresentedOrganization, PresentedOrganizationDetail } from "../../server/auth/presenter.ts";
import type { PresentedMandateSummary } from "../../server/mandates/presenter.ts";
import { viewerOf } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, expectError, type Client } from "../helpers/http.ts";
import { signInNewUser, startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let admin: Awaited<ReturnType<typeof signInNewUser>>;
let editor: Awaited<ReturnType<typeof signInNewUser>>;
let otherFirmAdmin: Awaited<ReturnType<typeof signInNewUser>>;
let client: Awaited<ReturnType<typeof signInNewUser>>;


async function createOrganization(name: string) {
  const response = await admin.client.post("/api/v1/organizations", { name });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { organization: PresentedOrganization }).organization;
}

async function createMandate(clientOrganizationId: string, title: string) {
  const response = await admin.client.post("/api/v1/mandates", {
    clientOrganizationId,
    title,
    reference: `AP-${Math.random().toString(36).slice(2, 8)}`,
    pricingModel: "FIXED_PER_DELIVERABLE",
    currency: "GBP",
    budget: "1,000.00",
    startDate: "2026-01-05",
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

/** The provider's admin invites into the organisation with this id (as the Admin page does); the link's holder accepts and signs in. */
async function inviteAndAccept(organizationId: string, email: string) {
  const { token, organization } = await server.services.auth.createInvitation(await viewerOf(db().prisma, admin.user.id), {
    email,
    role: "CLIENT",
    organizationId,
  });
  expect(organization.id).toBe(organizationId);
  await server.services.auth.acceptInvitation(token, { name: email.split("@")[0], password: "a long enough password" });
  const member = createClient(server.url);
  await member.login(email, "a long enough password");
  return member;
}

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  admin = await signInNewUser(server, "ADMIN", "Provider LLP");
  editor = await signInNewUser(server, "EDITOR", "Provider LLP");
  otherFirmAdmin = await signInNewUser(server, "ADMIN", "Other Firm");
  client = await signInNewUser(server, "CLIENT", "Client A");
});

describe("organisations API", () => {
  test("two client organisations named alike stay two: created apart, invited into by id, each member sees only their own mandates", async () => {
    const first = await createOrganization("Apex Ltd");
    const second = await createOrganization("Apex Ltd");
    expect(second.id).not.toBe(first.id);
    expect(first.slug).toBe("apex-ltd");
    expect(second.slug).toMatch(/^apex-ltd-[a-z2-7]{6}$/);

    await createMandate(first.id, "Apex One: supply agreements");
    await createMandate(second.id, "Apex Two: property disposals");

    const gcOne = await inviteAndAccept(first.id, "gc@apex-one.example");
    const gcTwo = await inviteAndAccept(second.id, "gc@apex-two.example");
    const titles = async (c: Client) =>
      ((await (await c.get("/api/v1/mandates")).json()) as { mandates: PresentedMandateSummary[] }).mandates.map((m) => m.title);
    expect(await titles(gcOne)).toEqual(["Apex One: supply agreements"]);
    expect(await titles(gcTwo)).toEqual(["Apex Two: property disposals"]);

    const listed = ((await (await admin.client.get("/api/v1/organizations")).json()) as { organizations: PresentedOrganization[] }).organizations;
    expect(listed.filter((o) => o.name === "Apex Ltd")).toEqual([
      expect.objectContaining({ id: first.id, slug: first.slug, memberCount: 1, mandateCount: 1 }),
      expect.objectContaining({ id: second.id, slug: second.slug, memberCount: 1, mandateCount: 1 }),
    ]);
    expect(listed.every((o) => o.kind === "CLIENT")).toBe(true);

    const detail = (await (await admin.client.get(`/api/v1/organizations/${second.id}`)).json()) as PresentedOrganizationDetail;
    expect(detail.members.map((m) => m.email)).toEqual(["gc@apex-two.example"]);
    expect(detail.mandates.map((m) => m.title)).toEqual(["Apex Two: property disposals"]);
  });

  test("renaming keeps the id and slug, and is audited with before and after", async () => {
    const org = await createOrganization("Blue Harbour Ltd");
    const renamed = await admin.client.patch(`/api/v1/organizations/${org.id}`, { name: "Blue Harbour Holdings Ltd" });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { organization: PresentedOrganization }).organization).toMatchObject({
      id: org.id,
      slug: org.slug,
      name: "Blue Harbour Holdings Ltd",
    });
    const events = await db().prisma.auditEvent.findMany({ where: { targetType: "organization", targetId: org.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.action, e.actorId, e.data])).toEqual([
      ["organization.created", admin.user.id, expect.objectContaining({ name: "Blue Harbour Ltd", kind: "CLIENT" })],
      ["organization.renamed", admin.user.id, { before: { name: "Blue Harbour Ltd" }, after: { name: "Blue Harbour Holdings Ltd" } }],
    ]);
  });

  test("anyone but the provider's admins gets a 404 and changes nothing", async () => {
    const org = await createOrganization("Quiet Client Ltd");
    const before = await db().prisma.organization.count();
    for (const who of [editor.client, client.client]) {
      await expectError(await who.get("/api/v1/organizations"), 404);
      await expectError(await who.post("/api/v1/organizations", { name: "Sneaky" }), 404);
      await expectError(await who.get(`/api/v1/organizations/${org.id}`), 404);
      await expectError(await who.patch(`/api/v1/organizations/${org.id}`, { name: "Renamed" }), 404);
    }
    await expectError(await createClient(server.url).get("/api/v1/organizations"), 401);
    // Another provider's admin runs client organisations too (one client list per installation),
    // but never this provider's own organisation.
    await expectError(await otherFirmAdmin.client.get(`/api/v1/organizations/${admin.organization.id}`), 404);
    await expectError(await otherFirmAdmin.client.patch(`/api/v1/organizations/${admin.organization.id}`, { name: "Taken Over LLP" }), 404);
    expect(await db().prisma.organization.count()).toBe(before);
    expect((await db().prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).name).toBe("Quiet Client Ltd");
  });

  test("names are validated: empty, too long, control characters and unknown fields are a 400", async () => {
    for (const body of [{ name: "" }, { name: "   " }, { name: "x".repeat(121) }, { name: "Nul\u0000Ltd" }, { name: "Ok", kind: "PROVIDER" }, {}]) {
      await expectError(await admin.client.post("/api/v1/organizations", body), 400, "invalid_request");
    }
    await expectError(await admin.client.patch("/api/v1/organizations/%20", { name: "x" }), 404);
  });
});
