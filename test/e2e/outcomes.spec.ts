// Negotiation outcomes, end to end (issue 16): a PM records what was agreed on a deliverable
// against the NDA playbook's positions — one fallback and one grey-zone outcome, both needing the
// Partner's approval — cannot deliver while they wait, the Partner approves from their inbox, the
// deliverable is delivered, and the playbook's analytics count the outcome; the month's status
// report shows the delivery.
import type { Page } from "@playwright/test";
import { test, expect, watchPageErrors } from "./fixtures.ts";
import { apiAs } from "./support/api.ts";
import { createClientOrganization, inviteEditor } from "./support/invite.ts";
import { onOwnServer } from "./support/own-server.ts";
import type { RunningServer } from "./support/server.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

const PLAYBOOK = "NDA negotiation playbook: England and Wales";

// Delivered work stays on record, so this runs on a server of its own (as delivery-record.spec does).
test("A PM records a fallback and a grey-zone outcome, the Partner approves, the deliverable is delivered and the playbook's analytics count it", async ({ browser }) => {
  test.setTimeout(300_000);
  await onOwnServer(browser, recordsApprovesDelivers);
});

async function recordsApprovesDelivers(page: Page, server: RunningServer) {
  const errors = watchPageErrors(page);
  const api = apiAs(page, server);
  await signInAsAdmin(page, server);
  const client = await createClientOrganization(page, "Fabrikam Group");

  // The approver: an editor whose job title is the role the playbook names.
  const partner = await inviteEditor(page, browser(page), server, "pat.partner@example.com", "Pat Partner");
  const partnerId = (await apiAs(partner.page, server).get<{ user: { id: string } }>("/api/v1/me")).user.id;
  await page.goto("/admin");
  const titleForm = page.getByRole("form", { name: "Job title of Pat Partner" });
  await titleForm.getByLabel("Job title of Pat Partner").fill("Partner");
  await titleForm.getByRole("button").click();
  await expect(page.getByRole("status").filter({ hasText: "Job title saved." })).toBeVisible();

  // The starter library's NDA playbook (imported just after the first start), on a mandate whose team has the Partner.
  const playbookId = await api.starterDocument("PLAYBOOK", PLAYBOOK);
  const { mandate } = await api.post<{ mandate: { id: string; status: string } }>("/api/v1/mandates", {
    clientOrganizationId: client,
    title: "Fabrikam NDAs",
    reference: "FB-2026-001",
    pricingModel: "FIXED_PER_DELIVERABLE",
    currency: "GBP",
    budget: "3,000.00",
    startDate: "2026-01-05",
    status: "ACTIVE",
    memberIds: [partnerId],
  });
  if (mandate.status !== "ACTIVE") await api.patch(`/api/v1/mandates/${mandate.id}`, { status: "ACTIVE" });
  await api.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: playbookId });
  await api.post(`/api/v1/mandates/${mandate.id}/deliverables`, { title: "NDA with Contoso", type: "NDA", dueDate: "2026-02-01", fee: "750" });

  // The PM opens the deliverable's outcomes from the mandate page and records the negotiation.
  await page.goto(`/mandates/${mandate.id}`);
  await page.getByRole("link", { name: "Outcomes of NDA with Contoso: 0 recorded" }).click();
  await expect(page.getByRole("heading", { name: "Outcomes of “NDA with Contoso”" })).toBeVisible();
  const playbook = page.getByRole("region", { name: PLAYBOOK });
  await playbook.getByLabel("Perspective").selectOption("discloser");
  await expect(playbook.getByRole("group", { name: /^Permitted disclosees/ })).toBeVisible();
  await expect(playbook.getByRole("group", { name: /^Residuals/ }), "a recipient's clause is not shown to the discloser").toHaveCount(0);
  await playbook.getByLabel("Counterparty").fill("Contoso Ltd");
  const definition = playbook.getByRole("group", { name: /^Definition of Confidential Information/ });
  await definition.getByRole("radio", { name: /^Fallback 2:/ }).check();
  await definition.getByRole("textbox", { name: "Note" }).fill("Contoso would not accept unmarked oral information.");
  const exclusions = playbook.getByRole("group", { name: /^Exclusions/ });
  await exclusions.getByRole("radio", { name: "Grey zone" }).check();
  await exclusions.getByRole("textbox", { name: "Final wording" }).fill("Information independently developed by the Recipient without use of the Confidential Information.");
  await playbook.getByRole("group", { name: /^Permitted disclosees/ }).getByRole("radio", { name: "Preferred held" }).check();
  await page.keyboard.press("Control+s");
  await expect(playbook.getByRole("status")).toHaveText("Outcomes saved.");
  await expect(definition.locator("..").getByText("Awaiting Partner")).toBeVisible();
  await expect(exclusions.locator("..").getByText("Awaiting Partner")).toBeVisible();

  // Delivery waits for the approvals.
  await page.goto(`/mandates/${mandate.id}`);
  await expect(page.getByRole("link", { name: "Outcomes of NDA with Contoso: 3 recorded, 2 approvals pending" })).toBeVisible();
  await page.getByRole("button", { name: "Start work: NDA with Contoso" }).click();
  await page.getByRole("button", { name: "Mark delivered: NDA with Contoso" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /approv/i })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "NDA with Contoso" })).toContainText("In progress");

  // The Partner finds the request in their inbox and approves both.
  await partner.page.goto("/notifications");
  await partner.page.getByRole("link", { name: /Definition of Confidential Information/ }).first().click();
  await expect(partner.page.getByRole("heading", { name: "Outcomes of “NDA with Contoso”" })).toBeVisible();
  for (const clause of ["Definition of Confidential Information", "Exclusions"]) {
    await partner.page.getByRole("button", { name: `Approve the outcome on ${clause}` }).click();
    await expect(partner.page.getByRole("group", { name: new RegExp(`^${clause}`) }).locator("..").getByText("Approved by Pat Partner")).toBeVisible();
  }
  expect(partner.errors).toEqual([]);
  await partner.close();

  // Now it is delivered.
  await page.reload();
  await page.getByRole("button", { name: "Mark delivered: NDA with Contoso" }).click();
  await expect(page.getByRole("row").filter({ hasText: "NDA with Contoso" })).toContainText("Delivered");

  // The playbook's Outcomes tab counts the deal, each clause's figures written beside its bar.
  await page.goto(`/documents/${playbookId}?panel=outcomes`);
  const bars = page.getByRole("figure", { name: "How each clause was negotiated" });
  await expect(bars.getByRole("listitem").filter({ hasText: "Definition of Confidential Information" })).toContainText("Fallback 2 100.00 % (1) — of 1 deal");
  await expect(bars.getByRole("listitem").filter({ hasText: /^Exclusions/ })).toContainText("Grey zone 100.00 % (1) — of 1 deal");
  await expect(bars.getByRole("listitem").filter({ hasText: "Permitted disclosees" })).toContainText("Preferred 100.00 % (1) — of 1 deal");
  // And the analytics page breaks it down, by counterparty among others.
  await page.getByRole("link", { name: "Open the positions analytics" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Positions analytics" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Outcomes by counterparty" }).getByRole("row").filter({ hasText: "Contoso Ltd" })).toBeVisible();

  // This month's status report (ADR 040): created from the mandate, its status saved with Ctrl+S, the delivery and its chart in it.
  await page.goto(`/mandates/${mandate.id}`);
  await page.getByRole("link", { name: "Status reports" }).click();
  await page.getByLabel("Month").fill(new Date().toISOString().slice(0, 7));
  await page.getByRole("button", { name: "Create report" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Status report: / })).toBeVisible();
  await page.getByLabel("Status (RAG)").selectOption("GREEN");
  await page.getByLabel("Reasons for the status").fill("The Contoso NDA was delivered.");
  await page.keyboard.press("Control+s");
  await expect(page.getByRole("status").filter({ hasText: "Report saved." })).toBeVisible();
  await expect(page.getByRole("figure", { name: /^Deliveries against service levels per month/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Delivered this month" })).toContainText("NDA with Contoso");

  expect(errors).toEqual([]);
}

const browser = (page: Page) => page.context().browser()!;
