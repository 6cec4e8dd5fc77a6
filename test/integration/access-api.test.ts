// Ethical walls and break-glass over HTTP with real users (issue 11, ADR 013). A wall takes
// nobody off a team, yet the walled person gets nothing of that client until it is lifted; an
// admin off the client's teams sees the mandate listed, opens it only by breaking the glass with
// a reason, and loses it again when the grant expires. Everyone else learns nothing.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BREAK_GLASS_HOURS } from "../../server/config.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { expectError, type Client } from "../helpers/http.ts";
import { signInNewUser, startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
const HOUR_MS = 60 * 60 * 1000;
let clockOffsetMs = 0;
let server: TestServer;
type SignedIn = Awaited<ReturnType<typeof signInNewUser>>;
let admin: SignedIn;
let otherAdmin: SignedIn;
let walledAdmin: SignedIn;
let pm: SignedIn;
let editor: SignedIn;
let viewer: SignedIn;
let clientB: SignedIn;
let mandateId: string;
let clientDocumentId: string;
let houseDocumentId: string;

type WallBody = { wall: { id: string; standing: boolean; member: { id: string }; client: { id: string; name: string }; reason: string; lifted: null | { reason: string } } };
type ListBody = { mandates: Array<{ id: string; abilities: { needsBreakGlass: boolean } }> };

const status = async (c: Client, path: string) => (await c.get(path)).status;
const listed = async (c: Client) => ((await (await c.get("/api/v1/mandates?pageSize=100")).json()) as ListBody).mandates;
const wall = async (by: Client, userId: string, reason = "Acts for the counterparty in the Apex dispute.") =>
  by.post("/api/v1/walls", { userId, clientOrganizationId: clientB.organization.id, reason });
const counts = async () => ({
  walls: await db().prisma.ethicalWall.count(),
  grants: await db().prisma.breakGlassAccess.count(),
  audit: await db().prisma.auditEvent.count({ where: { action: { in: ["wall.created", "wall.lifted", "break_glass.opened"] } } }),
});

beforeAll(async () => {
  server = await startTestServer({ db: db(), now: () => Date.now() + clockOffsetMs });
  admin = await signInNewUser(server, "ADMIN", "Provider LLP");
  otherAdmin = await signInNewUser(server, "ADMIN", "Provider LLP");
  walledAdmin = await signInNewUser(server, "ADMIN", "Provider LLP");
  pm = await signInNewUser(server, "EDITOR", "Provider LLP");
  editor = await signInNewUser(server, "EDITOR", "Provider LLP");
  viewer = await signInNewUser(server, "VIEWER", "Provider LLP");
  clientB = await signInNewUser(server, "CLIENT", "Client B");

  // Written directly: POST /mandates answers 404 to a creator not yet on a team of the client
  // (its response re-reads the mandate with the viewer loaded before the create).
  const mandate = await db().prisma.mandate.create({
    data: {
      providerOrganizationId: pm.organization.id,
      clientOrganizationId: clientB.organization.id,
      title: "Apex supply agreements",
      reference: "APX-1",
      projectManagerId: pm.user.id,
      pricingModel: "CAPPED",
      currency: "EUR",
      budgetMinor: 1_000_000n,
      startDate: new Date("2026-01-05T00:00:00Z"),
      createdById: pm.user.id,
      members: { create: [{ userId: pm.user.id }] },
    },
  });
  mandateId = mandate.id;
  // The editor is on the team (a row, as the team form would leave it).
  await db().prisma.mandateMember.create({ data: { mandateId, userId: editor.user.id } });

  const doc = async (title: string) => {
    const response = await pm.client.post("/api/v1/documents", { kind: "PLAYBOOK", title, markdown: "Body." });
    expect(response.status).toBe(201);
    return ((await response.json()) as { document: { id: string } }).document.id;
  };
  clientDocumentId = await doc("Apex supply terms (client material)");
  houseDocumentId = await doc("Supply agreements playbook");
  await db().prisma.document.update({ where: { id: clientDocumentId }, data: { clientOrganizationId: clientB.organization.id, confidentiality: "CLIENT_CONFIDENTIAL" } });
});
afterAll(() => server?.close());

describe("ethical walls", () => {
  test("a wall takes nobody off the team, yet the walled editor gets nothing of the client until it is lifted", async () => {
    expect(await status(editor.client, `/api/v1/mandates/${mandateId}`)).toBe(200);
    expect(await status(editor.client, `/api/v1/documents/${clientDocumentId}`)).toBe(200);

    // The sync server closes the walled person's open sockets (revoke is tested in collab-sync).
    const revoked: unknown[] = [];
    const collab = server.services.collab;
    const revoke = collab.revoke.bind(collab);
    collab.revoke = (scope) => (revoked.push(scope), revoke(scope));
    const created = await wall(admin.client, editor.user.id);
    collab.revoke = revoke;
    expect(created.status).toBe(201);
    expect(revoked).toEqual([{ userIds: [editor.user.id] }]);
    const { wall: w } = (await created.json()) as WallBody;
    expect(w).toMatchObject({ standing: true, member: { id: editor.user.id }, client: { id: clientB.organization.id, name: "Client B" }, lifted: null });

    await expectError(await editor.client.get(`/api/v1/mandates/${mandateId}`), 404, "mandate_not_found");
    await expectError(await editor.client.get(`/api/v1/documents/${clientDocumentId}`), 404, "document_not_found");
    expect((await listed(editor.client)).map((m) => m.id)).not.toContain(mandateId);
    // House knowledge stays theirs; the team row stays too.
    expect(await status(editor.client, `/api/v1/documents/${houseDocumentId}`)).toBe(200);
    expect(await db().prisma.mandateMember.count({ where: { mandateId, userId: editor.user.id } })).toBe(1);

    const walls = (await (await admin.client.get("/api/v1/walls")).json()) as { walls: WallBody["wall"][] };
    expect(walls.walls.find((x) => x.id === w.id)).toMatchObject({ standing: true, reason: "Acts for the counterparty in the Apex dispute." });
    expect(await db().prisma.auditEvent.findFirstOrThrow({ where: { action: "wall.created", targetId: w.id } })).toMatchObject({
      actorId: admin.user.id,
      targetType: "ethical_wall",
      organizationId: admin.organization.id,
      data: { userId: editor.user.id, clientOrganizationId: clientB.organization.id },
    });

    await expectError(await wall(otherAdmin.client, editor.user.id), 409, "wall_exists");

    const lifted = await admin.client.post(`/api/v1/walls/${w.id}/lift`, { reason: "The dispute settled." });
    expect(lifted.status).toBe(200);
    expect(((await lifted.json()) as WallBody).wall).toMatchObject({ standing: false, lifted: { reason: "The dispute settled." } });
    expect(await status(editor.client, `/api/v1/mandates/${mandateId}`)).toBe(200);
    expect(await status(editor.client, `/api/v1/documents/${clientDocumentId}`)).toBe(200);
    await expectError(await admin.client.post(`/api/v1/walls/${w.id}/lift`, { reason: "Again." }), 409, "wall_lifted");
    expect(await db().prisma.auditEvent.count({ where: { action: "wall.lifted", targetId: w.id, actorId: admin.user.id } })).toBe(1);
    // Lifted walls stay on the record.
    const after = (await (await admin.client.get("/api/v1/walls")).json()) as { walls: WallBody["wall"][] };
    expect(after.walls.find((x) => x.id === w.id)).toMatchObject({ standing: false });
  });

  test("a walled admin neither sees the client's mandates listed nor breaks the glass (403, said plainly)", async () => {
    expect((await wall(admin.client, walledAdmin.user.id)).status).toBe(201);
    expect((await listed(walledAdmin.client)).map((m) => m.id)).not.toContain(mandateId);
    await expectError(await walledAdmin.client.get(`/api/v1/mandates/${mandateId}`), 404, "mandate_not_found");
    const before = await counts();
    const refused = await expectError(
      await walledAdmin.client.post("/api/v1/break-glass", { mandateId, reason: "Urgent question from the client's GC." }),
      403,
      "forbidden",
    );
    expect(refused.error.message).toMatch(/ethical wall.*Client B/);
    await expectError(
      await walledAdmin.client.post("/api/v1/break-glass", { clientOrganizationId: clientB.organization.id, reason: "Urgent question from the client's GC." }),
      403,
      "forbidden",
    );
    expect(await counts()).toEqual(before);
  });

  test("non-admins get 404 from /walls and learn nothing; signed-out callers 401", async () => {
    const standing = await db().prisma.ethicalWall.findFirstOrThrow({ where: { removedAt: null } });
    const before = await counts();
    for (const outsider of [pm, editor, viewer, clientB]) {
      await expectError(await outsider.client.get("/api/v1/walls"), 404, "ethical_wall_not_found");
      await expectError(await wall(outsider.client, viewer.user.id), 404, "ethical_wall_not_found");
      await expectError(await outsider.client.post(`/api/v1/walls/${standing.id}/lift`, { reason: "Mine to lift." }), 404, "ethical_wall_not_found");
    }
    const anonymous = (await import("../helpers/http.ts")).createClient(server.url);
    await expectError(await anonymous.get("/api/v1/walls"), 401, "unauthenticated");
    expect(await counts()).toEqual(before);
  });

  test("a wall needs a member of staff, a client organisation and a bounded reason: 400, and nothing changes", async () => {
    const before = await counts();
    const client = clientB.organization.id;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ userId: viewer.user.id, clientOrganizationId: client }, "reason"],
      [{ userId: viewer.user.id, clientOrganizationId: client, reason: "   " }, "reason"],
      [{ userId: viewer.user.id, clientOrganizationId: client, reason: "x".repeat(2001) }, "reason"],
      [{ userId: viewer.user.id, clientOrganizationId: client, reason: "Nul\u0000byte" }, "reason"],
      [{ clientOrganizationId: client, reason: "Conflict." }, "userId"],
      [{ userId: clientB.user.id, clientOrganizationId: client, reason: "Conflict." }, "userId"],
      [{ userId: viewer.user.id, clientOrganizationId: admin.organization.id, reason: "Conflict." }, "clientOrganizationId"],
      [{ userId: viewer.user.id, clientOrganizationId: "nope", reason: "Conflict." }, "clientOrganizationId"],
    ];
    for (const [input, path] of cases) {
      const error = await expectError(await admin.client.post("/api/v1/walls", input), 400, "invalid_request");
      expect((error.error.details?.issues as Array<{ path: string }>).map((i) => i.path)).toContain(path);
    }
    const standing = await db().prisma.ethicalWall.findFirstOrThrow({ where: { removedAt: null } });
    await expectError(await admin.client.post(`/api/v1/walls/${standing.id}/lift`, {}), 400, "invalid_request");
    await expectError(await admin.client.post("/api/v1/walls/nope/lift", { reason: "Gone." }), 404, "ethical_wall_not_found");
    expect(await counts()).toEqual(before);
  });
});

describe("break-glass", () => {
  test("an admin off the team sees the mandate listed, breaks the glass with a reason, reads it, and loses it at expiry", async () => {
    await expectError(await otherAdmin.client.get(`/api/v1/mandates/${mandateId}`), 404, "mandate_not_found");
    await expectError(await otherAdmin.client.get(`/api/v1/documents/${clientDocumentId}`), 404, "document_not_found");
    expect((await listed(otherAdmin.client)).find((m) => m.id === mandateId)).toMatchObject({ abilities: { needsBreakGlass: true } });
    // On the team, nothing to break.
    expect((await listed(pm.client)).find((m) => m.id === mandateId)).toMatchObject({ abilities: { needsBreakGlass: false } });

    const reason = "The client's GC asked for the supply terms tonight; the PM is on leave.";
    const opened = await otherAdmin.client.post("/api/v1/break-glass", { mandateId, reason });
    expect(opened.status, await opened.clone().text()).toBe(201);
    const { grant } = (await opened.json()) as { grant: { id: string; expiresAt: string; createdAt: string; client: { id: string } } };
    expect(grant.client.id).toBe(clientB.organization.id);
    expect(Date.parse(grant.expiresAt) - Date.parse(grant.createdAt)).toBe(BREAK_GLASS_HOURS * HOUR_MS);

    expect(await status(otherAdmin.client, `/api/v1/mandates/${mandateId}`)).toBe(200);
    expect(await status(otherAdmin.client, `/api/v1/documents/${clientDocumentId}`)).toBe(200);
    expect((await listed(otherAdmin.client)).find((m) => m.id === mandateId)).toMatchObject({ abilities: { needsBreakGlass: false } });

    expect(await db().prisma.breakGlassAccess.findUniqueOrThrow({ where: { id: grant.id } })).toMatchObject({
      userId: otherAdmin.user.id,
      clientOrganizationId: clientB.organization.id,
      mandateId,
      documentId: null,
      reason,
    });
    expect(await db().prisma.auditEvent.findFirstOrThrow({ where: { action: "break_glass.opened", targetId: grant.id } })).toMatchObject({
      actorId: otherAdmin.user.id,
      organizationId: admin.organization.id,
      data: { clientOrganizationId: clientB.organization.id, mandateId, documentId: null, reason },
    });
    const active = (await (await admin.client.get("/api/v1/break-glass")).json()) as { grants: Array<{ id: string }> };
    expect(active.grants.map((g) => g.id)).toContain(grant.id);

    clockOffsetMs = BREAK_GLASS_HOURS * HOUR_MS + 60_000;
    try {
      await expectError(await otherAdmin.client.get(`/api/v1/mandates/${mandateId}`), 404, "mandate_not_found");
      await expectError(await otherAdmin.client.get(`/api/v1/documents/${clientDocumentId}`), 404, "document_not_found");
    } finally {
      clockOffsetMs = 0;
    }
  });

  test("a document's client is derived from the document; house knowledge needs no break-glass (400)", async () => {
    await db().prisma.breakGlassAccess.deleteMany({ where: { userId: admin.user.id } });
    await expectError(await admin.client.get(`/api/v1/documents/${clientDocumentId}`), 404, "document_not_found");
    const opened = await admin.client.post("/api/v1/break-glass", { documentId: clientDocumentId, reason: "Checking a clause the client disputes." });
    expect(opened.status).toBe(201);
    expect(await opened.json()).toMatchObject({ grant: { client: { id: clientB.organization.id }, documentId: clientDocumentId, mandateId: null } });
    expect(await status(admin.client, `/api/v1/documents/${clientDocumentId}`)).toBe(200);

    const before = await counts();
    const error = await expectError(
      await admin.client.post("/api/v1/break-glass", { documentId: houseDocumentId, reason: "Checking a clause the client disputes." }),
      400,
      "invalid_request",
    );
    expect(error.error.details?.issues).toEqual([{ path: "documentId", message: expect.stringMatching(/house knowledge/i) }]);
    expect(await counts()).toEqual(before);
  });

  test("a reason is required, and exactly one target: 400, and no grant", async () => {
    const before = await counts();
    const cases: Array<Record<string, unknown>> = [
      { mandateId },
      { mandateId, reason: "too short" },
      { mandateId, reason: "x".repeat(2001) },
      { reason: "Because the client asked." },
      { mandateId, documentId: clientDocumentId, reason: "Because the client asked." },
    ];
    for (const input of cases) await expectError(await otherAdmin.client.post("/api/v1/break-glass", input), 400, "invalid_request");
    await expectError(await otherAdmin.client.post("/api/v1/break-glass", { mandateId: "nope", reason: "Because the client asked." }), 404, "mandate_not_found");
    expect(await counts()).toEqual(before);
  });

  test("non-admins cannot break the glass (403) and still get 404 for the mandate", async () => {
    const before = await counts();
    for (const outsider of [pm, editor, viewer, clientB]) {
      await expectError(await outsider.client.post("/api/v1/break-glass", { mandateId, reason: "I would like to read it, please." }), 403, "forbidden");
      expect((await (await outsider.client.get("/api/v1/break-glass")).json()) as { grants: unknown[] }).toEqual({ grants: [] });
    }
    await expectError(await viewer.client.get(`/api/v1/mandates/${mandateId}`), 404, "mandate_not_found");
    expect(await counts()).toEqual(before);
  });

  test("someone on the team needs no break-glass (409)", async () => {
    await expectError(await pm.client.post("/api/v1/break-glass", { mandateId, reason: "Just to see what happens." }), 403, "forbidden");
    // An admin on the team:
    await db().prisma.mandateMember.create({ data: { mandateId, userId: admin.user.id } });
    await expectError(await admin.client.post("/api/v1/break-glass", { mandateId, reason: "Just to see what happens." }), 409, "break_glass_not_needed");
  });
});
