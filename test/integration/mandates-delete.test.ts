// Deleting over HTTP: a deliverable never delivered, and a mandate never started. What was
// delivered or ran stays on record; outsiders get 404 and learn nothing; every delete is audited.
import { beforeAll, describe, expect, test } from "vitest";
import type { PresentedActivity, PresentedDeliverable, PresentedMandate } from "../../server/mandates/presenter.ts";
import { useTestDatabase } from "../helpers/database.ts";
import type { Client, ErrorBody } from "../helpers/http.ts";
import { signInNewUser, startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let admin: Client;
let editor: Client;
let clientA: Client;
let clientB: Client;
let otherFirm: Client;
let clientAId: string;

const body = async <T>(response: Response) => (await response.json()) as T;
const del = (client: Client, path: string) => client.request(path, { method: "DELETE" });

async function expectError(response: Response, status: number, code: string) {
  const error = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: error.error.code }).toEqual({ status, code });
}

async function createMandate(status: "PROPOSED" | "ACTIVE") {
  const response = await editor.post("/api/v1/mandates", {
    clientOrganizationId: clientAId,
    title: `Mandate ${status}`,
    reference: `D-${Math.random().toString(36).slice(2, 8)}`,
    startDate: "2026-11-02",
    status,
    pricingModel: "FIXED_PER_DELIVERABLE",
    currency: "GBP",
    budgetMinor: 500_000,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await body<{ mandate: PresentedMandate }>(response)).mandate;
}

async function addDeliverable(mandateId: string, title: string) {
  const response = await editor.post(`/api/v1/mandates/${mandateId}/deliverables`, { deliverables: [{ title, type: "memo", feeMinor: 125_000 }] });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await body<{ deliverables: PresentedDeliverable[] }>(response)).deliverables[0]!;
}

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  admin = (await signInNewUser(server, "ADMIN", "Provider LLP")).client;
  editor = (await signInNewUser(server, "EDITOR", "Provider LLP")).client;
  const a = await signInNewUser(server, "CLIENT", "Client A");
  clientA = a.client;
  clientAId = a.organization.id;
  clientB = (await signInNewUser(server, "CLIENT", "Client B")).client;
  otherFirm = (await signInNewUser(server, "EDITOR", "Other Firm")).client;
});

describe("deleting deliverables", () => {
  test("one never delivered goes, with its history; the activity feed keeps what it was", async () => {
    const mandate = await createMandate("ACTIVE");
    const d = await addDeliverable(mandate.id, "Added by mistake");
    expect((await editor.request(`/api/v1/deliverables/${d.id}`, { method: "PATCH", json: { status: "IN_PROGRESS" } })).status).toBe(200);
    expect((await del(editor, `/api/v1/deliverables/${d.id}`)).status).toBe(204);
    await expectError(await editor.get(`/api/v1/deliverables/${d.id}`), 404, "deliverable_not_found");
    const feed = (await body<{ activity: PresentedActivity[] }>(await editor.get(`/api/v1/mandates/${mandate.id}/activity`))).activity;
    expect(feed[0]).toMatchObject({ action: "deliverable.deleted", deliverableId: d.id, before: { title: "Added by mistake", status: "IN_PROGRESS", feeMinor: "GBP 1,250.00" }, after: null });
  });

  test("a delivered one stays on record (409), even after a rejection", async () => {
    const mandate = await createMandate("ACTIVE");
    const d = await addDeliverable(mandate.id, "Delivered memo");
    for (const status of ["IN_PROGRESS", "DELIVERED"]) {
      expect((await editor.request(`/api/v1/deliverables/${d.id}`, { method: "PATCH", json: { status } })).status).toBe(200);
    }
    // The client rejects it (ADR 042).
    expect((await clientA.post(`/api/v1/deliverables/${d.id}/acceptance`, { decision: "reject", reason: "Not what we asked for." })).status).toBe(200);
    await expectError(await del(editor, `/api/v1/deliverables/${d.id}`), 409, "deliverable_delivered");
    expect((await editor.get(`/api/v1/deliverables/${d.id}`)).status).toBe(200);
  });

  test("the client reading the mandate may not delete (403); another client or firm gets 404 and learns nothing", async () => {
    const mandate = await createMandate("ACTIVE");
    const d = await addDeliverable(mandate.id, "Client-visible memo");
    await expectError(await del(clientA, `/api/v1/deliverables/${d.id}`), 403, "forbidden");
    for (const outsider of [clientB, otherFirm]) {
      const response = await del(outsider, `/api/v1/deliverables/${d.id}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("Client-visible memo");
    }
    expect((await editor.get(`/api/v1/deliverables/${d.id}`)).status).toBe(200);
  });
});

describe("deleting mandates", () => {
  test("an admin deletes a proposed mandate; editors may not; one that started is cancelled instead (409)", async () => {
    const proposed = await createMandate("PROPOSED");
    await addDeliverable(proposed.id, "Planned memo");
    await expectError(await del(editor, `/api/v1/mandates/${proposed.id}`), 403, "forbidden");
    await expectError(await del(clientA, `/api/v1/mandates/${proposed.id}`), 403, "forbidden");
    expect((await del(otherFirm, `/api/v1/mandates/${proposed.id}`)).status).toBe(404);
    // An admin off the client's teams opens it through the break-glass step first (ADR 013).
    expect((await del(admin, `/api/v1/mandates/${proposed.id}`)).status).toBe(404);
    expect((await admin.post("/api/v1/break-glass", { mandateId: proposed.id, reason: "Deleting a mandate opened by mistake" })).status).toBe(201);
    expect((await del(admin, `/api/v1/mandates/${proposed.id}`)).status).toBe(204);
    await expectError(await editor.get(`/api/v1/mandates/${proposed.id}`), 404, "mandate_not_found");

    const active = await createMandate("ACTIVE");
    await expectError(await del(admin, `/api/v1/mandates/${active.id}`), 409, "mandate_started");
    expect((await editor.get(`/api/v1/mandates/${active.id}`)).status).toBe(200);
  });
});
