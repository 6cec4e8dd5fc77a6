// Templates → deliverables over HTTP: the starter library's cover memo as the template, a
// mandate for Client A, the form prefilled from the mandate, refusals that write nothing, and the
// generated document linked to the deliverable and downloadable as Word.
import mammoth from "mammoth";
import { beforeAll, describe, expect, test } from "vitest";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import type { PresentedDeliverable, PresentedMandate } from "../../server/mandates/presenter.ts";
import type { TemplateFormVariable } from "../../server/templates/service.ts";
import { useTestDatabase } from "../helpers/database.ts";
import type { Client, ErrorBody } from "../helpers/http.ts";
import { signInNewUser, startTestServer, type TestServer } from "../helpers/server.ts";
import { createMandateWithDeliverable, createStarterTemplate } from "../helpers/templates.ts";

const db = useTestDatabase();
let server: TestServer;
let editor: Client;
let viewerStaff: Client;
let clientA: Client;
let clientB: Client;
let otherFirm: Client;
let clientAId: string;
let clientBId: string;
let templateId: string;
let playbookId: string;
let mandate: PresentedMandate;
let deliverable: PresentedDeliverable;

const body = async <T>(response: Response) => (await response.json()) as T;
type FormBody = { templates: { id: string; title: string; suggested: boolean }[]; template: { id: string; version: { number: number } | null } | null; variables: TemplateFormVariable[] };

async function precedentCount() {
  const response = await editor.get("/api/v1/documents?kind=PRECEDENT");
  return (await body<{ total: number }>(response)).total;
}

async function deliverableLinks() {
  const response = await editor.get(`/api/v1/mandates/${mandate.id}`);
  return (await body<{ mandate: PresentedMandate }>(response)).mandate.resources.filter((r) => r.deliverableId === deliverable.id);
}

/** The memo's required values the mandate cannot know. */
const WRITTEN = {
  client_contact_name: "Jane Doe",
  summary: "The NDA can be signed once the term is cut to three years.",
  instructions: "Review Acme's mutual NDA against the England and Wales NDA playbook.",
  findings: "High: perpetual confidentiality term.\nLow: notice clause refers to fax.",
  decisions: "Accept a five-year term? Legal, by Friday.",
  facts_date: "2026-11-25",
  next_steps: "We send the mark-up to Acme on Monday.",
  engagement_partner: "Alex Morgan",
};

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  editor = (await signInNewUser(server, "EDITOR", "Provider LLP")).client;
  const staffViewer = await signInNewUser(server, "VIEWER", "Provider LLP");
  viewerStaff = staffViewer.client;
  const a = await signInNewUser(server, "CLIENT", "Client A");
  clientA = a.client;
  clientAId = a.organization.id;
  const b = await signInNewUser(server, "CLIENT", "Client B");
  clientB = b.client;
  clientBId = b.organization.id;
  otherFirm = (await signInNewUser(server, "EDITOR", "Other Firm")).client;

  templateId = (await createStarterTemplate(editor, "deliverable-cover-memo.md")).id;
  const playbook = await editor.post("/api/v1/documents", { kind: "PLAYBOOK", title: "A playbook", markdown: "Body." });
  playbookId = (await body<{ document: PresentedDocument }>(playbook)).document.id;

  ({ mandate, deliverable } = await createMandateWithDeliverable(editor, {
    // On the team, so the viewer reads the mandate (need-to-know) but may not change it.
    mandate: { clientOrganizationId: clientAId, memberIds: [staffViewer.user.id] },
    deliverable: { title: "Acme NDA review", type: "NDA review", feeMinor: 45_000 },
  }));
});

describe("templates → deliverables", () => {
  test("the form lists the template with its variables, prefilled from the mandate where the names match", async () => {
    const response = await editor.get(`/api/v1/deliverables/${deliverable.id}/template-form?templateId=${templateId}`);
    expect(response.status).toBe(200);
    const form = await body<FormBody>(response);
    expect(form.templates.map((t) => t.id)).toContain(templateId);
    expect(form.template?.version?.number).toBeGreaterThan(0);
    const byName = Object.fromEntries(form.variables.map((v) => [v.name, v]));
    expect(byName.client_name).toMatchObject({ label: "Client name", required: true, value: "Client A", source: "client" });
    expect(byName.mandate_reference).toMatchObject({ value: "NW-2026-014", source: "mandate" });
    expect(byName.deliverable_title).toMatchObject({ value: "Acme NDA review" });
    expect(byName.provider_name?.value).toBe("Provider LLP");
    expect(byName.summary).toMatchObject({ required: true, value: "", source: null });
    expect(byName.advice_jurisdiction).toMatchObject({ required: false, defaultValue: "England and Wales" });
  });

  test("missing required values are named, each, and nothing is written", async () => {
    const before = await precedentCount();
    const response = await editor.post(`/api/v1/deliverables/${deliverable.id}/documents`, { templateId, values: { client_name: "Client A", summary: "  " } });
    expect(response.status).toBe(400);
    const error = await body<ErrorBody & { error: { details: { issues: { path: string; message: string }[] } } }>(response);
    const paths = error.error.details.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["values.summary", "values.findings", "values.client_contact_name", "values.mandate_reference"]));
    expect(paths).not.toContain("values.client_name");
    expect(error.error.details.issues.find((i) => i.path === "values.summary")?.message).toMatch(/Summary.*required/);
    expect(await precedentCount()).toBe(before);
    expect(await deliverableLinks()).toEqual([]);
  });

  test("bad requests are refused: not a template, a variable it does not have, a value too long", async () => {
    const before = await precedentCount();
    const notTemplate = await editor.post(`/api/v1/deliverables/${deliverable.id}/documents`, { templateId: playbookId, values: {} });
    expect(notTemplate.status).toBe(400);
    const form = await body<FormBody>(await editor.get(`/api/v1/deliverables/${deliverable.id}/template-form?templateId=${templateId}`));
    const prefilled = Object.fromEntries(form.variables.map((v) => [v.name, v.value]));
    const unknown = await editor.post(`/api/v1/deliverables/${deliverable.id}/documents`, { templateId, values: { ...prefilled, ...WRITTEN, fee_cap: "1" } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain("values.fee_cap");
    const tooLong = await editor.post(`/api/v1/deliverables/${deliverable.id}/documents`, { templateId, values: { ...prefilled, ...WRITTEN, summary: "x".repeat(20_001) } });
    expect(tooLong.status).toBe(400);
    expect(await precedentCount()).toBe(before);
  });

  test("a choice variable is offered with its choices, and a value that is not one of them is a 400 naming them", async () => {
    const created = await editor.post("/api/v1/documents", {
      kind: "TEMPLATE",
      title: "Risk note",
      markdown: 'Risk: {{risk label="Risk level" type="choice" choices="Low|Medium|High" required}}.',
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const riskTemplateId = (await body<{ document: PresentedDocument }>(created)).document.id;
    // A deliverable of its own: the other tests count the links of theirs.
    const { deliverable: riskReview } = await createMandateWithDeliverable(editor, {
      mandate: { clientOrganizationId: clientAId, reference: "NW-2026-015" },
      deliverable: { title: "Risk review", type: "Review", feeMinor: 10_000 },
    });
    const form = await body<FormBody>(await editor.get(`/api/v1/deliverables/${riskReview.id}/template-form?templateId=${riskTemplateId}`));
    expect(form.variables).toEqual([expect.objectContaining({ name: "risk", type: "choice", choices: ["Low", "Medium", "High"], value: "" })]);

    const before = await precedentCount();
    const refused = await editor.post(`/api/v1/deliverables/${riskReview.id}/documents`, { templateId: riskTemplateId, values: { risk: "Severe" } });
    expect(refused.status).toBe(400);
    expect((await body<ErrorBody>(refused)).error.details?.issues).toEqual([{ path: "values.risk", message: "Risk level is one of: Low, Medium, High." }]);
    expect(await precedentCount()).toBe(before);

    const generated = await editor.post(`/api/v1/deliverables/${riskReview.id}/documents`, { templateId: riskTemplateId, values: { risk: "Medium" } });
    expect(generated.status, await generated.clone().text()).toBe(201);
    const { document } = await body<{ document: PresentedDocument }>(generated);
    const full = await body<{ document: PresentedDocument }>(await editor.get(`/api/v1/documents/${document.id}`));
    expect(full.document.content.text).toContain("Risk: Medium.");
  });

  test("a client member, read-only staff, another client and another firm cannot generate, and learn nothing", async () => {
    const form = `/api/v1/deliverables/${deliverable.id}/template-form`;
    const generate = `/api/v1/deliverables/${deliverable.id}/documents`;
    const request = { templateId, values: WRITTEN };
    expect((await clientA.get(form)).status).toBe(403);
    expect((await clientA.post(generate, request)).status).toBe(403);
    expect((await viewerStaff.get(form)).status).toBe(403);
    expect((await viewerStaff.post(generate, request)).status).toBe(403);
    for (const outsider of [clientB, otherFirm]) {
      const responses = [await outsider.get(form), await outsider.post(generate, request)];
      for (const response of responses) {
        expect(response.status).toBe(404);
        expect(await response.text()).not.toContain("Acme NDA review");
      }
    }
  });

  test("the filled memo becomes a draft document linked to the deliverable, and downloads as Word", async () => {
    const form = await body<FormBody>(await editor.get(`/api/v1/deliverables/${deliverable.id}/template-form?templateId=${templateId}`));
    const prefilled = Object.fromEntries(form.variables.map((v) => [v.name, v.value]));
    const response = await editor.post(`/api/v1/deliverables/${deliverable.id}/documents`, {
      templateId,
      values: { ...prefilled, ...WRITTEN },
      shareWithClient: true,
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const { document } = await body<{ document: PresentedDocument }>(response);
    expect(document).toMatchObject({ kind: "PRECEDENT", title: "Deliverable cover memo – Acme NDA review", status: "DRAFT", visibility: "SHARED" });

    const full = await body<{ document: PresentedDocument }>(await editor.get(`/api/v1/documents/${document.id}`));
    const text = full.document.content.text;
    expect(text).toContain("Jane Doe, Client A");
    expect(text).toContain("NW-2026-014");
    expect(text).toContain("High: perpetual confidentiality term.");
    expect(text).toContain("the law of England and Wales"); // an optional variable's default
    expect(text).not.toContain("{{");

    const links = await deliverableLinks();
    expect(links.map((l) => l.document.id)).toEqual([document.id]);

    const docx = await editor.get(`/api/v1/documents/${document.id}/export?format=docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-type")).toContain("officedocument.wordprocessingml");
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) });
    expect(value).toContain("We send the mark-up to Acme on Monday.");

    // Shared with the mandate's client, but a draft: no client reads it until it is published.
    expect(full.document.sharedWith?.map((o) => o.id)).toEqual([clientAId]);
    expect((await clientA.get(`/api/v1/documents/${document.id}`)).status).toBe(404);
    expect((await clientB.get(`/api/v1/documents/${document.id}`)).status).toBe(404);
    // It is client A's material, made for this mandate (ADR 013): never house knowledge.
    expect(full.document).toMatchObject({ confidentiality: "CLIENT_CONFIDENTIAL", client: { id: clientAId }, mandateId: deliverable.mandateId });
  });

  test("a template shared only with another client is neither offered nor filled for this client's deliverable", async () => {
    const created = await editor.post("/api/v1/documents", {
      kind: "TEMPLATE",
      title: "Client B's engagement letter",
      status: "PUBLISHED",
      visibility: "SHARED",
      sharedWithOrganizationIds: [clientBId],
      markdown: "Client B's own terms.",
    });
    expect(created.status).toBe(201);
    const forB = (await body<{ document: PresentedDocument }>(created)).document.id;
    const form = await body<FormBody>(await editor.get(`/api/v1/deliverables/${deliverable.id}/template-form`));
    expect(form.templates.map((t) => t.id)).not.toContain(forB);
    const before = await precedentCount();
    const response = await editor.post(`/api/v1/deliverables/${deliverable.id}/documents`, { templateId: forB, values: {}, shareWithClient: true });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("link_not_allowed");
    expect(await precedentCount()).toBe(before);
  });
});
