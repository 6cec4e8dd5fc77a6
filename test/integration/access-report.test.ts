// The access record and a client's access report over a real database and HTTP server: reads and
// exports of client material are recorded on every path (a READ once per person, target and
// hour; every EXPORT; nothing for house knowledge; the sync socket too), and the report answers
// who could read the client's material in a past period, and why, from dated records (team
// periods, break-glass, walls), and who read or exported what. Expectations are worked out by
// hand from the dates below.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccessRecordService } from "../../server/access-record/index.ts";
import { createLogger } from "../../server/logger.ts";
import { createUser, TEST_PASSWORD, viewerOf } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, type Client } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { connectClient, startCollab, waitFor, type CollabHarness } from "./collab-harness.ts";

const db = useTestDatabase();
let server: TestServer;

const at = (iso: string) => new Date(iso);
const FAR_PAST = at("2025-01-01T00:00:00.000Z");

type Person = { id: string; email: string; client: Client; viewer: { id: string } };
let providerId: string;
let clientId: string;
let otherClientId: string;
let admin: Person, walledAdmin: Person, editor: Person, alice: Person, bob: Person, carol: Person, dave: Person, erin: Person, frank: Person, gina: Person;
let m1: { id: string }, m2: { id: string }, otherMandate: { id: string };
let d1: { id: string }, d2: { id: string }, house: { id: string }, otherDoc: { id: string };

const suffix = Math.random().toString(36).slice(2, 8);

async function person(role: "ADMIN" | "EDITOR" | "CLIENT", name: string, organizationName?: string): Promise<Person> {
  const { user, email } = await createUser(server.services.auth, { role, name, organizationName });
  const client = createClient(server.url);
  await client.login(email, TEST_PASSWORD);
  return { id: user.id, email, client, viewer: { id: user.id } };
}

/** The access record's clock set to `iso` for the requests that follow (handlers look the service up per request). */
function clockAt(iso: string) {
  server.services.accessRecord = createAccessRecordService({ db: db().prisma, logger: createLogger("warn"), now: () => at(iso) });
}
function realClock() {
  server.services.accessRecord = createAccessRecordService({ db: db().prisma, logger: createLogger("warn") });
}

async function mandate(client: string, reference: string, title: string) {
  return db().prisma.mandate.create({
    data: {
      providerOrganizationId: providerId,
      clientOrganizationId: client,
      reference,
      title,
      pricingModel: "FIXED_PER_DELIVERABLE",
      currency: "GBP",
      budgetMinor: 100_000n,
      startDate: at("2025-01-01T00:00:00.000Z"),
    },
  });
}

async function document(title: string, client: string | null, mandateId?: string) {
  return db().prisma.document.create({
    data: {
      organizationId: providerId,
      kind: "PRECEDENT",
      title,
      status: "DRAFT",
      clientOrganizationId: client,
      confidentiality: client ? "CLIENT_CONFIDENTIAL" : "HOUSE",
      mandateId,
    },
  });
}

const events = (where: Parameters<ReturnType<typeof db>["prisma"]["accessEvent"]["count"]>[0] = {}) => db().prisma.accessEvent.count(where);

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  admin = await person("ADMIN", "Ada Admin");
  const provider = await db().prisma.membership.findFirstOrThrow({ where: { userId: admin.id } });
  providerId = provider.organizationId;
  walledAdmin = await person("ADMIN", "Wally Walled");
  editor = await person("EDITOR", "Ed Editor");
  alice = await person("EDITOR", "Alice");
  bob = await person("EDITOR", "Bob");
  carol = await person("EDITOR", "Carol");
  dave = await person("EDITOR", "Dave");
  erin = await person("EDITOR", "Erin");
  frank = await person("EDITOR", "Frank");
  gina = await person("CLIENT", "Gina Counsel", `Northwind ${suffix}`);
  clientId = (await db().prisma.membership.findFirstOrThrow({ where: { userId: gina.id } })).organizationId;
  otherClientId = (await db().prisma.organization.create({ data: { name: `Apex ${suffix}`, slug: `apex-${suffix}`, kind: "CLIENT" } })).id;

  // Everyone joined their organisation before the period asked about (memberships carry no other date).
  await db().prisma.membership.updateMany({ where: { userId: { in: [admin.id, walledAdmin.id, editor.id, gina.id] } }, data: { createdAt: FAR_PAST } });

  m1 = await mandate(clientId, `NW-${suffix}-1`, "Data room review");
  m2 = await mandate(clientId, `NW-${suffix}-2`, "Supplier terms");
  otherMandate = await mandate(otherClientId, `AP-${suffix}-1`, "Apex audit");
  d1 = await document("Northwind share purchase agreement", clientId, m1.id);
  d2 = await document("=HYPERLINK(\"http://evil.example\")", clientId, m2.id);
  house = await document("House NDA playbook", null);
  otherDoc = await document("Apex memo", otherClientId, otherMandate.id);

  // Who was on which team, when (hand-picked around the period 3–8 March 2025).
  const period = (userId: string, mandateId: string, role: "PROJECT_MANAGER" | "MEMBER", startedAt: string, endedAt: string | null) =>
    db().prisma.mandateTeamPeriod.create({
      data: { userId, mandateId, clientOrganizationId: clientId, role, startedAt: at(startedAt), endedAt: endedAt ? at(endedAt) : null },
    });
  await period(alice.id, m1.id, "MEMBER", "2025-03-01T09:00:00.000Z", "2025-03-10T17:00:00.000Z"); // on the team 1–10 March
  await period(bob.id, m2.id, "PROJECT_MANAGER", "2025-03-05T10:00:00.000Z", null); // from 5 March on
  await period(carol.id, m1.id, "MEMBER", "2025-02-01T09:00:00.000Z", "2025-03-02T12:00:00.000Z"); // removed 2 March
  await period(erin.id, m2.id, "MEMBER", "2025-03-09T09:00:00.000Z", null); // joined after the period
  await period(dave.id, m1.id, "MEMBER", "2025-02-15T09:00:00.000Z", null); // on the team, but walled throughout
  await period(frank.id, m2.id, "MEMBER", "2025-03-01T09:00:00.000Z", null); // walled from 6 March
  await db().prisma.mandateTeamPeriod.create({
    data: { userId: carol.id, mandateId: otherMandate.id, clientOrganizationId: otherClientId, role: "MEMBER", startedAt: at("2025-03-01T00:00:00.000Z") },
  });

  await db().prisma.breakGlassAccess.create({
    data: {
      userId: admin.id,
      clientOrganizationId: clientId,
      documentId: d1.id,
      reason: "Client complaint: check what was sent",
      createdAt: at("2025-03-07T14:00:00.000Z"),
      expiresAt: at("2025-03-07T18:00:00.000Z"),
    },
  });
  const wall = (userId: string, reason: string, createdAt: string) =>
    db().prisma.ethicalWall.create({ data: { providerOrganizationId: providerId, userId, clientOrganizationId: clientId, reason, createdAt: at(createdAt) } });
  await wall(dave.id, "Acted for the counterparty", "2025-02-20T00:00:00.000Z");
  await wall(frank.id, "Joined from the counterparty's firm", "2025-03-06T12:00:00.000Z");
  await wall(walledAdmin.id, "Spouse works at the client", "2025-01-02T00:00:00.000Z");

  // Today's team, so the real endpoints let them read now.
  await db().prisma.mandateMember.create({ data: { mandateId: m1.id, userId: alice.id } });
  await db().prisma.mandate.update({ where: { id: m2.id }, data: { projectManagerId: bob.id } });
});

afterAll(async () => {
  await server?.close();
});

describe("the access record", () => {
  test("reading the same document twice in an hour records one READ; the next hour another", async () => {
    clockAt("2025-03-04T10:15:00.000Z");
    expect((await alice.client.get(`/api/v1/documents/${d1.id}`)).status).toBe(200);
    expect((await alice.client.get(`/api/v1/documents/${d1.id}`)).status).toBe(200);
    clockAt("2025-03-04T10:45:00.000Z");
    expect((await alice.client.get(`/api/v1/documents/${d1.id}`)).status).toBe(200);
    expect(await events({ where: { userId: alice.id, documentId: d1.id, kind: "READ" } })).toBe(1);

    clockAt("2025-03-06T09:05:00.000Z");
    expect((await alice.client.get(`/api/v1/documents/${d1.id}`)).status).toBe(200);
    const reads = await db().prisma.accessEvent.findMany({ where: { userId: alice.id, documentId: d1.id, kind: "READ" }, orderBy: { at: "asc" } });
    expect(reads.map((r) => [r.at.toISOString(), r.hour.toISOString(), r.channel, r.clientOrganizationId])).toEqual([
      ["2025-03-04T10:15:00.000Z", "2025-03-04T10:00:00.000Z", "api", clientId],
      ["2025-03-06T09:05:00.000Z", "2025-03-06T09:00:00.000Z", "api", clientId],
    ]);
  });

  test("an export always records, once per download, in every format", async () => {
    clockAt("2025-03-06T09:10:00.000Z");
    expect((await alice.client.get(`/api/v1/documents/${d1.id}/export?format=docx`)).status).toBe(200);
    clockAt("2025-03-06T09:20:00.000Z");
    expect((await alice.client.get(`/api/v1/documents/${d1.id}/export?format=md`)).status).toBe(200);
    expect((await alice.client.get(`/api/v1/documents/${d1.id}/export?format=md`)).status).toBe(200);
    const exports = await db().prisma.accessEvent.findMany({ where: { userId: alice.id, kind: "EXPORT" }, orderBy: [{ at: "asc" }, { channel: "asc" }] });
    expect(exports.map((e) => [e.channel, e.at.toISOString(), e.onceKey])).toEqual([
      ["export:docx", "2025-03-06T09:10:00.000Z", null],
      ["export:md", "2025-03-06T09:20:00.000Z", null],
      ["export:md", "2025-03-06T09:20:00.000Z", null],
    ]);
    // The print page is the html export.
    clockAt("2025-03-06T09:30:00.000Z");
    expect((await alice.client.get(`/api/v1/documents/${d1.id}/export?format=html`)).status).toBe(200);
    expect(await events({ where: { userId: alice.id, kind: "EXPORT", channel: "export:html" } })).toBe(1);
  });

  test("a mandate read is recorded with the mandate", async () => {
    clockAt("2025-03-05T11:00:00.000Z");
    expect((await bob.client.get(`/api/v1/mandates/${m2.id}`)).status).toBe(200);
    expect((await bob.client.get(`/api/v1/mandates/${m2.id}`)).status).toBe(200);
    const reads = await db().prisma.accessEvent.findMany({ where: { userId: bob.id, mandateId: m2.id } });
    expect(reads.map((r) => [r.kind, r.channel, r.documentId, r.clientOrganizationId])).toEqual([["READ", "api", null, clientId]]);
  });

  test("a redline of a client document over the API is a read", async () => {
    realClock();
    const saved = await alice.client.post(`/api/v1/documents/${d1.id}/versions`, { name: "Before review" });
    expect(saved.status).toBe(201);
    const { version } = await saved.json();
    const since = new Date();
    expect((await alice.client.get(`/api/v1/documents/${d1.id}/diff?from=${version.id}&to=current`)).status).toBe(200);
    const reads = await db().prisma.accessEvent.findMany({ where: { userId: alice.id, documentId: d1.id, at: { gte: since } } });
    expect(reads.map((r) => [r.kind, r.channel])).toEqual([["READ", "api"]]);
  });

  test("house knowledge records nothing, read or exported", async () => {
    realClock();
    expect((await editor.client.get(`/api/v1/documents/${house.id}`)).status).toBe(200);
    expect((await editor.client.get(`/api/v1/documents/${house.id}/export?format=docx`)).status).toBe(200);
    expect((await editor.client.get(`/api/v1/documents/${house.id}/export?format=html`)).status).toBe(200);
    expect(await events({ where: { documentId: house.id } })).toBe(0);
    expect(await events({ where: { userId: editor.id } })).toBe(0);
  });

  test("a refused read records nothing", async () => {
    realClock();
    expect((await editor.client.get(`/api/v1/documents/${d1.id}`)).status).toBe(404);
    expect((await editor.client.get(`/api/v1/documents/${d1.id}/export?format=md`)).status).toBe(404);
    expect((await editor.client.get(`/api/v1/mandates/${m1.id}`)).status).toBe(404);
    expect(await events({ where: { userId: editor.id } })).toBe(0);
  });
});

describe("a client's access report", () => {
  beforeAll(async () => {
    // Reads in the past that no endpoint can make today (the break-glass grant has expired), and
    // reads just outside the period or of another client, which the report must leave out.
    const record = createAccessRecordService({ db: db().prisma, logger: createLogger("warn") });
    await record.recordRead(admin.viewer, { documentId: d1.id, clientOrganizationId: clientId, channel: "page", at: at("2025-03-07T14:30:00.000Z") });
    await record.recordRead(carol.viewer, { documentId: d1.id, clientOrganizationId: clientId, channel: "page", at: at("2025-03-02T10:00:00.000Z") });
    await record.recordExport(bob.viewer, { documentId: d2.id, clientOrganizationId: clientId, channel: "export:html", at: at("2025-03-08T23:59:59.000Z") });
    await record.recordRead(bob.viewer, { documentId: d2.id, clientOrganizationId: clientId, channel: "page", at: at("2025-03-09T00:00:00.000Z") });
    await record.recordRead(carol.viewer, { documentId: otherDoc.id, clientOrganizationId: otherClientId, channel: "page", at: at("2025-03-05T10:00:00.000Z") });
    realClock();
  });

  test("3–8 March: who could read and why, from the dated records, and who read or exported what", async () => {
    const response = await admin.client.get(`/api/v1/clients/${clientId}/access-report?from=2025-03-03&to=2025-03-08`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const { report } = await response.json();
    expect(report.client).toEqual({ id: clientId, name: `Northwind ${suffix}` });
    expect(report.range).toEqual({ from: "2025-03-03", to: "2025-03-08", timeZone: "UTC" });

    // Carol left on 2 March, Erin joined on 9 March, Dave and Wally were walled throughout, Ed
    // was never on a team: none of them could read. Ada could through break-glass on 7 March.
    expect(report.couldRead.map((r: { user: { name: string }; basis: string; label: string; role: string | null; reason: string | null; from: string; to: string | null }) => [r.user.name, r.basis, r.label, r.role, r.reason, r.from, r.to])).toEqual([
      ["Ada Admin", "break_glass", "Break-glass access", null, "Client complaint: check what was sent", "2025-03-07T14:00:00.000Z", "2025-03-07T18:00:00.000Z"],
      ["Ada Admin", "admin", "Admin (via break-glass only)", null, null, FAR_PAST.toISOString(), null],
      ["Alice", "team", `Team member of NW-${suffix}-1 Data room review`, "MEMBER", null, "2025-03-01T09:00:00.000Z", "2025-03-10T17:00:00.000Z"],
      ["Bob", "team", `Project manager of NW-${suffix}-2 Supplier terms`, "PROJECT_MANAGER", null, "2025-03-05T10:00:00.000Z", null],
      ["Frank", "team", `Team member of NW-${suffix}-2 Supplier terms`, "MEMBER", null, "2025-03-01T09:00:00.000Z", null],
      ["Gina Counsel", "client_member", "Client member (what is shared with the client)", null, null, FAR_PAST.toISOString(), null],
    ]);
    expect(report.couldRead.find((r: { basis: string }) => r.basis === "team").mandate).toEqual({ id: m1.id, title: "Data room review", reference: `NW-${suffix}-1` });
    expect(report.walls.map((w: { user: { name: string }; reason: string; from: string; to: string | null; wholePeriod: boolean }) => [w.user.name, w.reason, w.from, w.to, w.wholePeriod])).toEqual([
      ["Dave", "Acted for the counterparty", "2025-02-20T00:00:00.000Z", null, true],
      ["Frank", "Joined from the counterparty's firm", "2025-03-06T12:00:00.000Z", null, false],
      ["Wally Walled", "Spouse works at the client", "2025-01-02T00:00:00.000Z", null, true],
    ]);

    expect(report.didRead.map((r: { user: { name: string }; target: { type: string; id: string; title: string }; kind: string; channels: string[]; first: string; last: string; count: number }) => [r.user.name, r.target.type, r.target.id, r.kind, r.channels, r.first, r.last, r.count])).toEqual([
      ["Ada Admin", "document", d1.id, "READ", ["page"], "2025-03-07T14:30:00.000Z", "2025-03-07T14:30:00.000Z", 1],
      ["Alice", "document", d1.id, "EXPORT", ["export:docx", "export:html", "export:md"], "2025-03-06T09:10:00.000Z", "2025-03-06T09:30:00.000Z", 4],
      ["Alice", "document", d1.id, "READ", ["api"], "2025-03-04T10:15:00.000Z", "2025-03-06T09:05:00.000Z", 2],
      ["Bob", "document", d2.id, "EXPORT", ["export:html"], "2025-03-08T23:59:59.000Z", "2025-03-08T23:59:59.000Z", 1],
      ["Bob", "mandate", m2.id, "READ", ["api"], "2025-03-05T11:00:00.000Z", "2025-03-05T11:00:00.000Z", 1],
    ]);
    expect(report.didRead[0].target.title).toBe("Northwind share purchase agreement");
    expect(report.didRead[4].target.title).toBe(`NW-${suffix}-2 Supplier terms`);
  });

  test("a period before anything has empty lists", async () => {
    const response = await admin.client.get(`/api/v1/clients/${clientId}/access-report?from=2024-06-01&to=2024-06-30`);
    expect(response.status).toBe(200);
    const { report } = await response.json();
    expect(report).toMatchObject({ couldRead: [], walls: [], didRead: [] });
  });

  test("the CSV has every row, formula-safe", async () => {
    const response = await admin.client.get(`/api/v1/clients/${clientId}/access-report?from=2025-03-03&to=2025-03-08&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="access-report-${clientId}-2025-03-03-to-2025-03-08.csv"`);
    const lines = (await response.text()).split("\r\n");
    expect(lines.filter((l) => l.startsWith("could read,"))).toHaveLength(6);
    expect(lines.filter((l) => l.startsWith("wall,"))).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith("did read,"))).toHaveLength(5);
    expect(lines).toContain(
      `could read,Bob,${bob.email},team,Project manager of NW-${suffix}-2 Supplier terms,PROJECT_MANAGER,,2025-03-05T10:00:00.000Z,still on the team`,
    );
    expect(lines).toContain(`did read,Alice,${alice.email},document,Northwind share purchase agreement,READ,api,2025-03-04T10:15:00.000Z,2025-03-06T09:05:00.000Z,2`);
    // A title that a spreadsheet would run as a formula stays text.
    expect(lines).toContain(`did read,Bob,${bob.email},document,"'=HYPERLINK(""http://evil.example"")",EXPORT,export:html,2025-03-08T23:59:59.000Z,2025-03-08T23:59:59.000Z,1`);
  });

  test("viewing the report is audited", async () => {
    const before = await db().prisma.auditEvent.count({ where: { action: "access_report.viewed", actorId: admin.id } });
    await admin.client.get(`/api/v1/clients/${clientId}/access-report?from=2025-03-03&to=2025-03-08`);
    const audit = await db().prisma.auditEvent.findMany({ where: { action: "access_report.viewed", actorId: admin.id }, orderBy: { createdAt: "desc" } });
    expect(audit).toHaveLength(before + 1);
    expect(audit[0]).toMatchObject({ organizationId: providerId, targetType: "organization", targetId: clientId });
    expect(audit[0]!.data).toMatchObject({ from: "2025-03-03", to: "2025-03-08", format: "json" });
  });

  test("without dates: the last 30 days up to today", async () => {
    clockAt("2025-03-08T16:00:00.000Z");
    const { report } = await (await admin.client.get(`/api/v1/clients/${clientId}/access-report`)).json();
    realClock();
    expect(report.range).toEqual({ from: "2025-02-07", to: "2025-03-08", timeZone: "UTC" });
    expect(report.didRead.map((r: { user: { name: string } }) => r.user.name)).toContain("Carol");
  });

  test("a non-admin, a walled admin, a client member and anyone asking about a non-client get 404", async () => {
    for (const who of [editor, alice, gina, walledAdmin]) {
      const response = await who.client.get(`/api/v1/clients/${clientId}/access-report`);
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe("client_not_found");
    }
    expect((await admin.client.get(`/api/v1/clients/${providerId}/access-report`)).status).toBe(404);
    expect((await admin.client.get(`/api/v1/clients/no-such-client/access-report`)).status).toBe(404);
    expect((await admin.client.get(`/api/v1/clients/a%00b/access-report`)).status).toBe(404);
    expect((await createClient(server.url).get(`/api/v1/clients/${clientId}/access-report`)).status).toBe(401);
  });

  test("bad periods are 400s naming the parameter", async () => {
    const ask = async (query: string) => {
      const response = await admin.client.get(`/api/v1/clients/${clientId}/access-report?${query}`);
      return { status: response.status, body: await response.json() };
    };
    for (const query of ["from=2025-02-30", "to=March", "from=2025-03-09&to=2025-03-08", "from=2023-01-01&to=2025-03-08", "format=xml", "form=2025-03-01"]) {
      const { status, body } = await ask(query);
      expect(status, query).toBe(400);
      expect(body.error.code, query).toBe("invalid_request");
    }
  });
});

describe("the sync socket", () => {
  let harness: CollabHarness;
  afterAll(async () => {
    await harness?.close();
  });

  test("opening a client document's socket records a READ; a house document's records nothing", async () => {
    harness = await startCollab(db());
    const member = await createUser(harness.services.auth, { role: "EDITOR", name: "Sam Socket" });
    // On the team of one of the client's mandates today, so the upgrade lets them in.
    await db().prisma.mandateMember.create({ data: { mandateId: m1.id, userId: member.user.id } });
    const viewer = await viewerOf(db().prisma, member.user.id);
    const { token } = await harness.services.auth.createApiToken(viewer, { name: "socket test" });

    const client = connectClient(harness.wsUrl, d1.id, { token });
    const houseClient = connectClient(harness.wsUrl, house.id, { token });
    try {
      await waitFor(() => client.provider.synced && houseClient.provider.synced, { what: "both clients to sync" });
      const reads = await waitFor(
        async () => {
          const rows = await db().prisma.accessEvent.findMany({ where: { userId: viewer.id } });
          return rows.length ? rows : null;
        },
        { what: "the socket's read to be recorded" },
      );
      expect(reads.map((r) => [r.kind, r.channel, r.documentId, r.clientOrganizationId])).toEqual([["READ", "socket", d1.id, clientId]]);
    } finally {
      client.destroy();
      houseClient.destroy();
    }
  });
});
