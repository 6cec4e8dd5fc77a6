// upsertUser: how operators create users and reset passwords (the CLI, the first-start seed).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createUser, uniqueEmail } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ db: db() });
});
afterAll(() => server?.close());

describe("upsertUser", () => {
  test("resetting a password ends every session and only the new password works", async () => {
    const { email, password } = await createUser(server.services.auth, { role: "EDITOR" });
    const laptop = createClient(server.url);
    const phone = createClient(server.url);
    await laptop.login(email, password);
    await phone.login(email, password);

    const newPassword = "a brand new passphrase";
    await server.services.auth.upsertUser({ email, password: newPassword, role: "EDITOR" });

    expect((await laptop.get("/api/v1/me")).status).toBe(401);
    expect((await phone.get("/api/v1/me")).status).toBe(401);
    const old = await createClient(server.url).post("/api/v1/auth/login", { email, password });
    expect(old.status).toBe(401);
    await createClient(server.url).login(email, newPassword);
  });

  test("updates the role in place instead of adding a second membership", async () => {
    const { email, password, user } = await createUser(server.services.auth, { role: "VIEWER", name: "Vera" });
    await server.services.auth.upsertUser({ email, password, role: "ADMIN", name: "Ignored On Update" });
    const memberships = await db().prisma.membership.findMany({ where: { userId: user.id } });
    expect(memberships.map((m) => m.role)).toEqual(["ADMIN"]);
    expect((await db().prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Vera");
  });

  test("puts provider roles in the provider organisation and CLIENT users in the named client one", async () => {
    const staff = await createUser(server.services.auth, { role: "EDITOR" });
    const client = await createUser(server.services.auth, { role: "CLIENT", organizationName: "Acme Client Ltd" });
    expect(staff.organization.kind).toBe("PROVIDER");
    expect(client.organization).toMatchObject({ kind: "CLIENT", name: "Acme Client Ltd" });
    // Both live in the one provider organisation the first user created.
    const providers = await db().prisma.organization.findMany({ where: { kind: "PROVIDER" } });
    expect(providers).toHaveLength(1);
  });

  test("a CLIENT user without a client organisation is refused and nothing is created", async () => {
    const email = uniqueEmail("orphan");
    await expect(server.services.auth.upsertUser({ email, password: "long enough pass", role: "CLIENT" })).rejects.toMatchObject({
      status: 409,
      code: "client_organization_required",
    });
    expect(await db().prisma.user.findUnique({ where: { email } })).toBeNull();
  });

  test("a provider role in a client organisation is refused", async () => {
    const { organization } = await createUser(server.services.auth, { role: "CLIENT", organizationName: "Kind Clash Client" });
    for (const choice of [{ id: organization.id }, { name: "kind clash CLIENT" }]) {
      await expect(
        server.services.auth.upsertUser({ email: uniqueEmail("clash"), password: "long enough pass", role: "EDITOR", organization: choice }),
      ).rejects.toMatchObject({ status: 409, code: "organization_kind_mismatch" });
    }
  });

  test("two client organisations of one name stay two: create is always new, a name must be unique to choose, an id always works", async () => {
    const auth = server.services.auth;
    const client = (organization: Parameters<typeof auth.upsertUser>[0]["organization"]) =>
      auth.upsertUser({ email: uniqueEmail("apex"), password: "long enough pass", role: "CLIENT", organization });
    const first = await client({ create: { name: "Apex Ltd", kind: "CLIENT" } });
    // One of that name: --org NAME finds it.
    expect((await client({ name: "apex ltd" })).organization.id).toBe(first.organization.id);
    const second = await client({ create: { name: "Apex Ltd", kind: "CLIENT" } });
    expect(second.organization.id).not.toBe(first.organization.id);
    expect(second.organization.slug).not.toBe(first.organization.slug);
    expect(second.organization.slug).toMatch(/^apex-ltd-[a-z2-7]{6}$/);

    const before = await db().prisma.membership.count();
    const ambiguous = await client({ name: "Apex Ltd" }).catch((e: unknown) => e);
    expect(ambiguous).toMatchObject({
      status: 409,
      code: "organization_name_ambiguous",
      details: {
        candidates: [
          expect.objectContaining({ id: first.organization.id, memberCount: 2, mandateCount: 0 }),
          expect.objectContaining({ id: second.organization.id, memberCount: 1, mandateCount: 0 }),
        ],
      },
    });
    await expect(client({ name: "Nobody Of This Name" })).rejects.toMatchObject({ status: 404, code: "organization_not_found" });
    expect(await db().prisma.membership.count()).toBe(before);

    const third = await client({ id: second.organization.id });
    expect(third.organization.id).toBe(second.organization.id);
    expect(await db().prisma.organization.count({ where: { name: "Apex Ltd" } })).toBe(2);
  });
});
