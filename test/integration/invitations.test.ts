// Invitations: an admin invites, the link's holder sets a password and is signed in; links
// work once, expire, and only the right people may make them for the right organisation.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { INVITATION_TTL_MS } from "../../server/config.ts";
import { hashToken } from "../../server/auth/token.ts";
import type { Viewer } from "../../server/auth/viewer.ts";
import type { AuthService } from "../../server/auth/service.ts";
import { createUser, TEST_PASSWORD, uniqueEmail, viewerOf } from "../factories/users.ts";
import { countRows, useTestDatabase } from "../helpers/database.ts";
import { createClient } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let clock = Date.now();
let server: TestServer;
let auth: AuthService;
let admin: Viewer;
let editor: Viewer;
let clientMember: Viewer;
let providerId: string;
let clientOrgId: string;

beforeAll(async () => {
  server = await startTestServer({ db: db(), now: () => clock });
  auth = server.services.auth;
  const a = await createUser(auth, { role: "ADMIN", organizationName: "Provider LLP" });
  const e = await createUser(auth, { role: "EDITOR" });
  const c = await createUser(auth, { role: "CLIENT", organizationName: "Client A" });
  providerId = a.organization.id;
  clientOrgId = c.organization.id;
  admin = await viewerOf(db().prisma, a.user.id);
  editor = await viewerOf(db().prisma, e.user.id);
  clientMember = await viewerOf(db().prisma, c.user.id);
});
afterAll(() => server?.close());

const acceptInput = { name: "New Person", password: "a long enough password" };

describe("invitations", () => {
  test("an admin's invitation stores only the token's hash and expires after the TTL", async () => {
    const email = uniqueEmail("invitee");
    const { token, invitation, organization } = await auth.createInvitation(admin, { email: email.toUpperCase(), role: "EDITOR" });
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(organization.id).toBe(providerId);
    expect(invitation).toMatchObject({
      email, // normalised
      role: "EDITOR",
      organizationId: providerId,
      invitedById: admin.id,
      tokenHash: hashToken(token),
      expiresAt: new Date(clock + INVITATION_TTL_MS),
      acceptedAt: null,
    });
    expect(JSON.stringify(await db().prisma.invitation.findMany())).not.toContain(token);
    expect(await db().prisma.auditEvent.count({ where: { action: "invitation.created", targetId: invitation.id } })).toBe(1);
  });

  test("accepting sets the password, adds the membership and signs the person in", async () => {
    const email = uniqueEmail("accepts");
    const { token } = await auth.createInvitation(admin, { email, role: "VIEWER" });
    const { user, sessionToken } = await auth.acceptInvitation(token, acceptInput, { userAgent: "Vitest" });
    expect(user).toMatchObject({ email, name: "New Person" });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);

    const browser = createClient(server.url);
    browser.sessionToken = sessionToken;
    const me = await browser.get("/api/v1/me");
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      user: { email, memberships: [{ organizationId: providerId, role: "VIEWER" }] },
    });
    // And the chosen password works for the next sign-in.
    await createClient(server.url).login(email, acceptInput.password);
  });

  test("a used invitation is a 410 and changes nothing", async () => {
    const { token } = await auth.createInvitation(admin, { email: uniqueEmail("twice"), role: "EDITOR" });
    await auth.acceptInvitation(token, acceptInput);
    const before = await countRows(db());
    await expect(auth.acceptInvitation(token, { name: "Intruder", password: "another long password" })).rejects.toMatchObject({
      status: 410,
      code: "invitation_used",
    });
    expect(await countRows(db())).toEqual(before);
  });

  test("two people racing on one link: exactly one gets in", async () => {
    const { token } = await auth.createInvitation(admin, { email: uniqueEmail("race"), role: "EDITOR" });
    const results = await Promise.allSettled([
      auth.acceptInvitation(token, { name: "First", password: "first long password" }),
      auth.acceptInvitation(token, { name: "Second", password: "second long password" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.reason).toMatchObject({ status: 410 });
  });

  test("an expired invitation is a 410 and creates no account", async () => {
    const email = uniqueEmail("late");
    const { token } = await auth.createInvitation(admin, { email, role: "EDITOR" });
    const start = clock;
    try {
      clock = start + INVITATION_TTL_MS - 1;
      await expect(auth.requireOpenInvitation(token)).resolves.toMatchObject({ email });
      clock = start + INVITATION_TTL_MS;
      await expect(auth.acceptInvitation(token, acceptInput)).rejects.toMatchObject({
        status: 410,
        code: "invitation_expired",
      });
      expect(await db().prisma.user.findUnique({ where: { email } })).toBeNull();
    } finally {
      clock = start;
    }
  });

  test("a revoked, unknown or malformed link is a 404", async () => {
    const { token, invitation } = await auth.createInvitation(admin, { email: uniqueEmail("revoked"), role: "EDITOR" });
    await auth.revokeInvitation(admin, invitation.id);
    for (const t of [token, "b".repeat(32), "not a token", ""]) {
      await expect(auth.acceptInvitation(t, acceptInput)).rejects.toMatchObject({
        status: 404,
        code: "invitation_not_found",
      });
    }
  });

  test("a too-short password is a 400 and leaves the invitation open", async () => {
    const email = uniqueEmail("short");
    const { token } = await auth.createInvitation(admin, { email, role: "EDITOR" });
    const before = await countRows(db());
    await expect(auth.acceptInvitation(token, { name: "Shorty", password: "short" })).rejects.toMatchObject({
      status: 400,
      code: "invalid_request",
      details: { issues: [{ path: "password" }] },
    });
    expect(await countRows(db())).toEqual(before);
    await expect(auth.requireOpenInvitation(token)).resolves.toMatchObject({ acceptedAt: null });
  });

  test("an email that already has an account cannot take over the account through an invitation", async () => {
    const existing = await createUser(auth, { role: "CLIENT", organizationName: "Client A" });
    const { token } = await auth.createInvitation(admin, { email: existing.email, role: "EDITOR" });
    await expect(auth.acceptInvitation(token, acceptInput)).rejects.toMatchObject({ status: 409, code: "account_exists" });
    await createClient(server.url).login(existing.email, TEST_PASSWORD); // old password still the one
  });

  test("inviting someone who is already a member is a 409", async () => {
    const member = await createUser(auth, { role: "EDITOR" });
    await expect(auth.createInvitation(admin, { email: member.email, role: "VIEWER" })).rejects.toMatchObject({
      status: 409,
      code: "already_member",
    });
  });
});

describe("who may invite whom", () => {
  test.each<[string, () => Viewer, string, "client" | "provider" | undefined]>([
    ["an editor", () => editor, "EDITOR", undefined],
    ["an editor, to a client organisation", () => editor, "CLIENT", "client"],
    ["a client member, to their own organisation", () => clientMember, "CLIENT", "client"],
    ["a client member, to the provider", () => clientMember, "EDITOR", "provider"],
  ])("%s may not invite (403) and nothing is stored", async (_who, viewer, role, org) => {
    const before = await countRows(db());
    const organizationId = org === "client" ? clientOrgId : org === "provider" ? providerId : undefined;
    await expect(
      auth.createInvitation(viewer(), { email: uniqueEmail("nope"), role, organizationId }),
    ).rejects.toMatchObject({ status: 403, code: "forbidden" });
    expect(await countRows(db())).toEqual(before);
  });

  test("an invitation never creates an organisation: a name instead of an id is refused and nothing is stored", async () => {
    for (const who of [editor, admin]) {
      const before = await countRows(db());
      await expect(
        auth.createInvitation(who, { email: uniqueEmail("c"), role: "CLIENT", clientOrganizationName: "Sneaky Client" }),
      ).rejects.toMatchObject({ status: 400, details: { issues: [expect.objectContaining({ path: "organizationId" })] } });
      expect(await countRows(db())).toEqual(before);
    }
  });

  test("a CLIENT invitation needs a client organisation, by id", async () => {
    await expect(auth.createInvitation(admin, { email: uniqueEmail("c"), role: "CLIENT" })).rejects.toMatchObject({
      status: 400,
      code: "invalid_request",
    });
    await expect(
      auth.createInvitation(admin, { email: uniqueEmail("c"), role: "CLIENT", organizationId: providerId }),
    ).rejects.toMatchObject({ status: 409, code: "role_does_not_fit_organization" });
    await expect(
      auth.createInvitation(admin, { email: uniqueEmail("c"), role: "CLIENT", organizationId: "no-such-organization" }),
    ).rejects.toMatchObject({ status: 404 });
  });

  test("a provider role cannot be given in a client organisation", async () => {
    await expect(
      auth.createInvitation(admin, { email: uniqueEmail("c"), role: "EDITOR", organizationId: clientOrgId }),
    ).rejects.toMatchObject({ status: 409, code: "role_does_not_fit_organization" });
  });

  test("the provider's admin invites into an existing client organisation by id", async () => {
    const { organization } = await auth.createInvitation(admin, { email: uniqueEmail("c"), role: "CLIENT", organizationId: clientOrgId });
    expect(organization.id).toBe(clientOrgId);
  });

  test("the provider's admin creates a client organisation, then invites its first member by id", async () => {
    const created = await auth.createClientOrganization(admin, { name: "Brand New Client GmbH" });
    expect(created).toMatchObject({ kind: "CLIENT", name: "Brand New Client GmbH", slug: "brand-new-client-gmbh", memberCount: 0 });
    const { token, organization } = await auth.createInvitation(admin, { email: uniqueEmail("newclient"), role: "CLIENT", organizationId: created.id });
    expect(organization.id).toBe(created.id);
    const { user } = await auth.acceptInvitation(token, acceptInput);
    const viewer = await viewerOf(db().prisma, user.id);
    expect(viewer.memberships).toEqual([expect.objectContaining({ organizationId: organization.id, role: "CLIENT" })]);
    // The new client member manages nothing; the provider's admin manages their organisation.
    expect(await auth.listManagedOrganizations(viewer)).toEqual([]);
    expect((await auth.listManagedOrganizations(admin)).map((o) => o.id)).toContain(organization.id);
  });

  test("invalid invitation input is a 400 naming the fields", async () => {
    await expect(auth.createInvitation(admin, { email: "nope", role: "OWNER" })).rejects.toMatchObject({
      status: 400,
      details: { issues: expect.arrayContaining([expect.objectContaining({ path: "email" }), expect.objectContaining({ path: "role" })]) },
    });
  });
});
