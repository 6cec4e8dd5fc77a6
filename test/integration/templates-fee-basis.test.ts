// The starter engagement letter states the fee the mandate's pricing model agreed: a capped
// mandate's letter states a cap (never a fixed fee), a periodic one a fee per period, a fixed one
// a fixed fee. Generated over HTTP from playbooks/engagement-letter-fixed-fee.md.
import fs from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import { parseLibraryFile } from "../../server/library/front-matter.ts";
import type { PresentedDeliverable, PresentedMandate } from "../../server/mandates/presenter.ts";
import type { TemplateFormVariable } from "../../server/templates/service.ts";
import { useTestDatabase } from "../helpers/database.ts";
import type { Client } from "../helpers/http.ts";
import { signInNewUser, startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let editor: Client;
let clientId: string;
let templateId: string;

const body = async <T>(response: Response) => (await response.json()) as T;

/** The letter's required values no mandate knows. */
const WRITTEN = {
  client_contact_name: "Jane Doe",
  scope_description: "Review of 120 supplier NDAs.",
  target_date: "2027-06-30",
  volume_assumption: "120 supplier NDAs",
  project_manager: "Priya Shah",
  engagement_partner: "Alex Morgan",
  regulatory_statement: "We are authorised and regulated by the Solicitors Regulation Authority.",
};

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  editor = (await signInNewUser(server, "EDITOR", "Provider LLP")).client;
  clientId = (await signInNewUser(server, "CLIENT", "Client A")).organization.id;
  const source = await fs.readFile(path.resolve(import.meta.dirname, "../../playbooks/engagement-letter-fixed-fee.md"), "utf8");
  const { frontMatter, body: markdown } = parseLibraryFile(source, "engagement-letter-fixed-fee.md");
  const created = await editor.post("/api/v1/documents", { kind: "TEMPLATE", title: frontMatter.title, status: "PUBLISHED", markdown });
  expect(created.status, await created.clone().text()).toBe(201);
  templateId = (await body<{ document: PresentedDocument }>(created)).document.id;
});

/** A mandate on `pricingModel` with a GBP 40,000 budget, and its engagement letter as generated from the form's prefilled values. */
async function engagementLetter(pricingModel: "FIXED_PER_DELIVERABLE" | "FIXED_PER_PERIOD" | "CAPPED") {
  const m = await editor.post("/api/v1/mandates", {
    clientOrganizationId: clientId,
    title: `Supplier NDAs (${pricingModel})`,
    reference: `NW-${pricingModel}`,
    startDate: "2027-01-04",
    status: "ACTIVE",
    pricingModel,
    currency: "GBP",
    budgetMinor: 4_000_000,
  });
  expect(m.status, await m.clone().text()).toBe(201);
  const mandate = (await body<{ mandate: PresentedMandate }>(m)).mandate;
  const d = await editor.post(`/api/v1/mandates/${mandate.id}/deliverables`, { deliverables: [{ title: "Engagement letter", type: "Letter", feeMinor: 0 }] });
  expect(d.status, await d.clone().text()).toBe(201);
  const deliverable = (await body<{ deliverables: PresentedDeliverable[] }>(d)).deliverables[0]!;

  const form = await body<{ variables: TemplateFormVariable[] }>(await editor.get(`/api/v1/deliverables/${deliverable.id}/template-form?templateId=${templateId}`));
  const prefilled = Object.fromEntries(form.variables.filter((v) => v.value).map((v) => [v.name, v.value]));
  const generated = await editor.post(`/api/v1/deliverables/${deliverable.id}/documents`, { templateId, values: { ...prefilled, ...WRITTEN } });
  expect(generated.status, await generated.clone().text()).toBe(201);
  const { document } = await body<{ document: PresentedDocument }>(generated);
  const full = await body<{ document: PresentedDocument }>(await editor.get(`/api/v1/documents/${document.id}`));
  return { form, text: full.document.content.text };
}

describe("the engagement letter's fee follows the mandate's pricing model", () => {
  test("a capped mandate's letter states a cap, not a fixed fee", async () => {
    const { form, text } = await engagementLetter("CAPPED");
    expect(form.variables.find((v) => v.name === "fee_terms")).toMatchObject({ required: true, source: "mandate pricing model and budget" });
    expect(text).toContain("capped at GBP 40,000.00 plus VAT in total");
    expect(text).toContain("We will not charge more than the cap without your prior written approval");
    expect(text).not.toMatch(/fixed fee/i);
    expect(text).not.toContain("{{");
  });

  test("a periodic mandate's letter states the fee for each period", async () => {
    const { text } = await engagementLetter("FIXED_PER_PERIOD");
    expect(text).toContain("The periodic fee for the Services is GBP 40,000.00 plus VAT for each billing period");
    expect(text).not.toMatch(/fixed fee|capped/i);
  });

  test("a fixed-fee mandate's letter states a fixed fee whose overrun is the provider's risk", async () => {
    const { text } = await engagementLetter("FIXED_PER_DELIVERABLE");
    expect(text).toContain("The fixed fee for the Services is GBP 40,000.00 plus VAT.");
    expect(text).toContain("that risk is ours");
    expect(text).not.toMatch(/capped|billing period/i);
  });
});
