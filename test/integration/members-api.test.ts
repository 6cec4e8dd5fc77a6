// An organisation's admins manage its members over HTTP: change a role, remove a member. The
// change takes effect on the member's next request; nobody else learns the member exists; the
// organisation keeps an admin; every change is audited.
import { beforeAll, describe, expect, test } from "vitest";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import { useTestDatabase } from "../helpers/database.ts";
import type { Client, ErrorBody } from "../helpers/http.ts";
import { signInNewUser, startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let admin: Awaited<ReturnType<typeof signInNewUser>>;
let editor: Awaited<ReturnType<typeof signInNewUser>>;
let otherFirmAdmin: Awaited<ReturnType<typeof signInNewUser>>;
let client: Awaited<ReturnType<typeof signInNewUser>>;

const membershipOf = async (userId: string) => (await db().prisma.membership.findFirstOrThrow({ where: { userId } })).id;
const patchRole = (c: Client, id: string, role: string) => c.request(`/api/v1/members/${id}`, { method: "PATCH", json: { role } });
const remove = (c: Client, id: string) => c.request(`/api/v1/members/${id}`, { method: "DELETE" });
async function expectError(response: Response, status: number, code: string) {
  const error = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: error.error.code }).toEqual({ status, code });
}

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  admin = await signInNewUser(server, "ADMIN", "Provider LLP");
  editor = await signInNewUser(server, "EDITOR", "Provider LLP");
  otherFirmAdmin = await signInNewUser(server, "ADMIN", "Other Firm");
  client = await signInNewUser(server, "CLIENT", "Client A");
});

describe("members API", () => {
  test("an admin makes an editor a viewer: the next request cannot write, and the audit trail says who did it", async () => {
    const created = await editor.client.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Before", markdown: "Body." });
    expect(created.status).toBe(201);
    const { document } = (await created.json()) as { document: PresentedDocument };

    const changed = await patchRole(admin.client, await membershipOf(editor.user.id), "VIEWER");
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ member: { role: "VIEWER" } });
    await expectError(await editor.client.request(`/api/v1/documents/${document.id}`, { method: "PATCH", json: { title: "After" } }), 403, "forbidden");
    const event = await db().prisma.auditEvent.findFirstOrThrow({ where: { action: "membership.role_changed" }, orderBy: { createdAt: "desc" } });
    expect(event).toMatchObject({ actorId: admin.user.id, data: { userId: editor.user.id, before: { role: "EDITOR" }, after: { role: "VIEWER" } } });

    // And back, so the next tests start from an editor.
    expect((await patchRole(admin.client, await membershipOf(editor.user.id), "EDITOR")).status).toBe(200);
  });

  test("roles fit the organisation: staff are never clients, a client organisation's members are", async () => {
    await expectError(await patchRole(admin.client, await membershipOf(editor.user.id), "CLIENT"), 400, "invalid_request");
    await expectError(await patchRole(admin.client, await membershipOf(client.user.id), "EDITOR"), 400, "invalid_request");
    await expectError(await patchRole(admin.client, await membershipOf(editor.user.id), "OWNER"), 400, "invalid_request");
  });

  test("only those who manage the organisation may change it; everyone else gets 404 and learns nothing", async () => {
    const id = await membershipOf(admin.user.id);
    for (const outsider of [editor.client, client.client, otherFirmAdmin.client]) {
      await expectError(await patchRole(outsider, id, "VIEWER"), 404, "member_not_found");
      await expectError(await remove(outsider, id), 404, "member_not_found");
    }
    expect((await db().prisma.membership.findUniqueOrThrow({ where: { id } })).role).toBe("ADMIN");
  });

  test("the last admin can be neither demoted nor removed", async () => {
    const id = await membershipOf(admin.user.id);
    await expectError(await patchRole(admin.client, id, "EDITOR"), 409, "last_admin");
    await expectError(await remove(admin.client, id), 409, "last_admin");
  });

  test("a removed member loses the organisation's library at once", async () => {
    expect((await editor.client.get("/api/v1/documents")).status).toBe(200);
    expect((await remove(admin.client, await membershipOf(editor.user.id))).status).toBe(204);
    const after = await editor.client.get("/api/v1/documents");
    // Signed in still (their sessions outlive the membership), but nothing of the organisation is theirs.
    expect([200, 401, 403]).toContain(after.status);
    if (after.status === 200) expect(((await after.json()) as { total: number }).total).toBe(0);
    expect(await db().prisma.auditEvent.count({ where: { action: "membership.removed", actorId: admin.user.id } })).toBe(1);
  });
});
