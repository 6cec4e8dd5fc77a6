// Mandates, end to end: a PM creates a mandate, attaches a toolkit, adds deliverables from its
// templates, moves one to DELIVERED, and the playbook's page lists the mandate under "Used by";
// the dashboards draw their charts.
import type { Browser, Page } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { apiAs } from "./support/api.ts";
import { onOwnServer } from "./support/own-server.ts";
import type { RunningServer } from "./support/server.ts";
import { createClientOrganization, createInvitationLink } from "./support/invite.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

/** Library content through the API (the library's own e2e covers its forms): published, so links pin a version. */
async function createDocument(page: Page, server: RunningServer, data: Record<string, unknown>) {
  const response = await page.request.post("/api/v1/documents", {
    data: { status: "PUBLISHED", markdown: "Body.", ...data },
    headers: { Origin: server.url },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { document: { id: string } }).document.id;
}

/** A UTC calendar day `offset` days from today, as date inputs take it: the KPIs count from today. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

// A server of its own: the empty list, the dashboard's figures and the library's usage order are
// this test's alone, whatever mandates the other specs on its worker's server made.
test("A PM creates a mandate, attaches a toolkit, adds deliverables from it, delivers one, and the playbook shows where it is used", async ({ browser }) => {
  test.setTimeout(240_000);
  await onOwnServer(browser, (page, server) => pmFlow(page, server, browser));
});

async function pmFlow(page: Page, server: RunningServer, browser: Browser) {
  await signInAsAdmin(page, server);

  // A client organisation is created explicitly; its general counsel is invited into it by id.
  const northwind = await createClientOrganization(page, "Northwind Retail");
  const invitationLink = await createInvitationLink(page, { email: "gc@northwind.example", role: "CLIENT", clientOrganizationId: northwind });

  const playbook = await createDocument(page, server, { kind: "PLAYBOOK", title: "Supplier onboarding playbook" });
  const nda = await createDocument(page, server, { kind: "TEMPLATE", title: "Mutual NDA" });
  const msa = await createDocument(page, server, { kind: "TEMPLATE", title: "Master services agreement" });
  const toolkit = await createDocument(page, server, { kind: "TOOLKIT", title: "Supplier onboarding toolkit" });
  const items = await page.request.put(`/api/v1/documents/${toolkit}/items`, {
    // The toolkit names the deliverable type each template drafts; the playbook suggests none.
    data: { documentIds: [playbook, nda, msa], deliverables: [{ documentId: nda, type: "Mutual NDA" }, { documentId: msa, type: "Master services agreement" }] },
    headers: { Origin: server.url },
  });
  expect(items.status(), await items.text()).toBe(200);
  // The most recently updated document, and the one no mandate uses.
  await createDocument(page, server, { kind: "PRECEDENT", title: "Unused precedent" });

  // The empty list says what a mandate is, and offers to create one.
  await page.goto("/mandates");
  await expect(page.getByRole("heading", { name: "No mandates yet — open the first one" })).toBeVisible();
  await page.getByRole("link", { name: "New mandate" }).click();
  await expect(page.getByRole("heading", { name: "New mandate" })).toBeVisible();

  // A refused form keeps what was typed and names the field.
  await page.getByLabel("Client organisation").selectOption({ label: "Northwind Retail" });
  await page.getByLabel("Title").fill("Northwind supplier onboarding");
  await page.getByLabel("Reference").fill("NW-2026-014");
  await page.getByLabel("Agreed budget").fill("12,000.00");
  await page.getByLabel("Start date").fill(day(-25));
  await page.getByLabel("Target date").fill(day(-30));
  await page.getByRole("button", { name: "Create mandate" }).click();
  await expect(page.getByText("The target date cannot be before the start date.")).toBeVisible();

  await page.getByLabel("Target date").fill(day(21));
  await page.getByLabel("Status").selectOption("ACTIVE");
  await page.getByLabel("Service levels").fill("Mutual NDA: 3");
  await page.getByRole("button", { name: "Create mandate" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Northwind supplier onboarding" })).toBeVisible();
  await expect(page).toHaveURL(/\/mandates\/(?!new$)[^/?#]+$/);
  const mandatePath = new URL(page.url()).pathname;
  const statusMoves = page.getByRole("group", { name: "Change the mandate's status" });
  await expect(statusMoves.getByRole("button", { name: "Put on hold" })).toBeVisible();
  await expect(statusMoves.getByRole("button", { name: "Activate" }), "only the allowed transitions are offered").toHaveCount(0);

  // Details are edited in place; the change is in the activity feed with before and after.
  await page.getByRole("button", { name: "Edit details" }).click();
  await page.getByLabel("Description").fill("Onboarding of Northwind's new suppliers.");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("status")).toContainText("Details saved.");
  await expect(page.getByRole("complementary", { name: "Details" })).toContainText("Onboarding of Northwind's new suppliers.");
  await expect(page.getByRole("region", { name: "Activity" }).getByRole("listitem").first()).toContainText(
    "description: — → Onboarding of Northwind's new suppliers.",
  );

  // Attach the toolkit: its documents come along, pinned to the published version.
  await page.getByRole("searchbox", { name: "Find documents" }).fill("onboarding toolkit");
  await page.getByRole("button", { name: "Find", exact: true }).click();
  await page.getByLabel("Document to attach").selectOption({ label: "Supplier onboarding toolkit (Toolkit)" });
  await page.getByRole("button", { name: "Attach", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Attached with 3 documents from the toolkit.");
  const resources = page.getByRole("region", { name: "Resources" });
  await expect(resources.getByRole("link", { name: "Supplier onboarding playbook" })).toBeVisible();
  await expect(resources.getByRole("listitem").filter({ hasText: "Mutual NDA" })).toContainText("v1 · via Supplier onboarding toolkit");

  // Several deliverables at once, from the deliverable types the toolkit names.
  await page.getByRole("button", { name: "Show suggested deliverables" }).click();
  const suggested = page.getByRole("group", { name: "Suggested by “Supplier onboarding toolkit”" });
  await expect(suggested.getByRole("checkbox", { name: "Mutual NDA" })).toBeChecked();
  await expect(suggested.getByRole("checkbox", { name: "Master services agreement" })).toBeChecked();
  await expect(suggested.getByRole("checkbox", { name: "Supplier onboarding playbook" }), "a playbook is guidance, not a deliverable").toHaveCount(0);
  await page.getByLabel("Due date of each").fill(day(7));
  await page.getByLabel(/Fee of each/).fill("1,500");
  // A double click adds them once; then the filled-in suggestions go and the card closes (issue 14).
  await page.getByRole("button", { name: "Add the chosen deliverables" }).dblclick();
  await expect(page.getByRole("status")).toContainText("2 deliverables added from the toolkit.");
  const deliverables = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Deliverable" }) });
  await expect(suggested).toHaveCount(0);
  await expect(page.locator("details", { has: page.locator("summary", { hasText: "Add deliverables from a toolkit" }) })).not.toHaveAttribute("open");
  for (const title of ["Mutual NDA", "Master services agreement"]) await expect(deliverables.getByRole("row").filter({ hasText: title }), "added once").toHaveCount(1);
  const ndaRow = deliverables.getByRole("row").filter({ hasText: "Mutual NDA" });
  await expect(ndaRow).toContainText("Not started");
  await expect(ndaRow).toContainText("1,500.00");

  // Through the state machine: only allowed moves are offered.
  await ndaRow.getByRole("button", { name: "Start work: Mutual NDA" }).click();
  await expect(ndaRow).toContainText("In progress");
  // Waiting on the client stops the SLA clock, with a reason the client reads (ADR 041).
  await ndaRow.locator("summary", { hasText: "Wait on client" }).click();
  await ndaRow.getByLabel("What it waits for").fill("Your signed instructions");
  await ndaRow.getByRole("button", { name: "Stop the clock" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Waiting on the client" })).toBeVisible();
  await expect(ndaRow).toContainText("Waiting on client: Your signed instructions, since");
  await ndaRow.getByRole("button", { name: "Client answered: resume: Mutual NDA" }).click();
  await expect(ndaRow).toContainText("Waited on the client once: 0 business days");
  await expect(ndaRow.getByRole("button", { name: "Mark accepted: Mutual NDA" })).toHaveCount(0);
  await ndaRow.getByRole("button", { name: "Mark delivered: Mutual NDA" }).click();
  await expect(ndaRow).toContainText("Delivered");
  // The client accepts or rejects it now (ADR 042): the team sees when silence will count as acceptance.
  await expect(ndaRow.getByRole("button", { name: "Mark accepted: Mutual NDA" })).toHaveCount(0);
  await expect(ndaRow).toContainText(/Deemed accepted on .+ unless the client answers/);

  // Effort is internal: the PM's time, priced by their role's rate card, gives the margin on the
  // dashboard (ADR 039; the Time page's own form is driven in delivery-record.spec.ts).
  const me = (await apiAs(page, server).get<{ user: { name: string } }>("/api/v1/me")).user.name;
  await page.goto("/admin");
  const titleForm = page.getByRole("form", { name: `Job title of ${me}` });
  await titleForm.getByLabel(`Job title of ${me}`).fill("Senior associate");
  await titleForm.getByRole("button").click();
  await expect(page.getByRole("status").filter({ hasText: "Job title saved." })).toBeVisible();
  await apiAs(page, server).post("/api/v1/rate-cards", { role: "Senior associate", currency: "EUR", hourlyRate: "100", validFrom: day(-60) });
  const ndaId = (await apiAs(page, server).get<{ mandate: { deliverables: { id: string; title: string }[] } }>(`/api/v1${mandatePath}`)).mandate.deliverables.find((d) => d.title === "Mutual NDA")!.id;
  await apiAs(page, server).post(`/api/v1/deliverables/${ndaId}/time-entries`, { date: day(-1), minutes: 360, taskCode: "review" });
  await page.goto(mandatePath);
  await expect(ndaRow.getByRole("cell").nth(5)).toHaveText("6");
  await expect(ndaRow.getByRole("cell").nth(6)).toHaveText("600.00");

  // The mandate's KPI panel draws its charts from the server's figures.
  const kpis = page.getByRole("region", { name: "KPIs" });
  await expect(kpis.getByRole("definition").first()).toHaveText("100.00 %");
  const byStatus = kpis.locator("figure", { has: page.locator("figcaption", { hasText: "Deliverables by status" }) });
  await expect(byStatus.locator("figcaption")).toContainText("2 deliverables");
  await expect(byStatus.locator("svg rect.chart-bar")).toHaveCount(9); // every status, requested and waiting on client included
  await expect(byStatus.locator("svg .chart-bar-delivered text.chart-value")).toHaveText("1");
  const burndown = kpis.locator("figure", { has: page.locator("figcaption", { hasText: "Burn-down" }) });
  await expect(burndown.locator("svg path.chart-line-actual")).toHaveCount(1);
  await expect(burndown.locator(".chart-summary")).toHaveText(/^1 of 2 open on /);
  const budget = kpis.locator("figure", { has: page.locator("figcaption", { hasText: "Budget consumed" }) });
  await expect(budget.locator("figcaption")).toContainText("EUR 1,500.00 of EUR 12,000.00 (12.50 %)");
  await expect(budget.locator("svg rect.chart-bar")).toHaveCount(1);
  const mandateCsv = await page.request.get((await kpis.getByRole("link", { name: "Export CSV" }).getAttribute("href"))!);
  expect(mandateCsv.status()).toBe(200);
  expect(mandateCsv.headers()["content-type"]).toMatch(/^text\/csv/);

  // The activity feed records who did what.
  const activity = page.getByRole("region", { name: "Activity" });
  await expect(activity.getByRole("listitem").first()).toContainText("entered time on “Mutual NDA”");
  await expect(activity.getByRole("listitem").first()).toContainText("minutes: 360");
  await expect(activity.getByRole("listitem").filter({ hasText: "moved a deliverable “Mutual NDA”" }).first()).toContainText("status: In progress → Delivered");

  // Completing is final, so it asks first; with open deliverables it is refused, with the reason.
  await page.getByRole("button", { name: "Complete…" }).click();
  await page.getByRole("group", { name: "Confirm the status change" }).getByRole("button", { name: "Yes, complete" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "2 deliverable(s) are not accepted yet" })).toBeVisible();
  await page.getByRole("button", { name: "Keep it open" }).click();
  await expect(page.locator(".document-meta-line")).toContainText("Active");

  // The playbook's page lists the mandate under "Used by", with the version it uses.
  await page.goto(`/documents/${playbook}?panel=used-by`);
  const usedBy = page.getByRole("region", { name: "Used by" });
  await expect(usedBy.getByRole("link", { name: "Northwind supplier onboarding" })).toHaveAttribute("href", mandatePath);
  await expect(usedBy).toContainText("Pinned to v1");
  await expect(usedBy).toContainText("Active");

  // A new published version: "Used by" and the mandate say so, and the PM moves the link forward.
  for (const status of ["IN_REVIEW", "PUBLISHED"]) {
    const republish = await page.request.patch(`/api/v1/documents/${playbook}`, { data: { status }, headers: { Origin: server.url } });
    expect(republish.status(), await republish.text()).toBe(200);
  }
  await page.reload();
  await expect(usedBy).toContainText("Newer version available (v2)");
  await usedBy.getByRole("link", { name: "Northwind supplier onboarding" }).click();
  const playbookLink = page.getByRole("region", { name: "Resources" }).getByRole("listitem").filter({ hasText: "Supplier onboarding playbook" });
  await expect(playbookLink).toContainText("Newer version available (v2)");
  await playbookLink.getByRole("button", { name: "Move Supplier onboarding playbook forward to the newest version" }).click();
  await expect(page.getByRole("status")).toContainText("Moved to the newest published version.");
  await expect(playbookLink).toContainText("v2 · via Supplier onboarding toolkit");
  await expect(playbookLink).not.toContainText("Newer version available");
  await expect(page.getByRole("region", { name: "Activity" }).getByRole("listitem").first()).toContainText("moved a resource to a newer version");

  // The library sorts by usage: the linked documents come first.
  await page.goto("/library?sort=usage");
  const firstRow = page.getByRole("table").getByRole("row").nth(1);
  await expect(firstRow.getByRole("cell").last()).toHaveText("1 mandate");
  // The starter library seeded at first start is unused too: the unused precedent sorts after every used document.
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.filter({ hasText: "Unused precedent" }).getByRole("cell").last()).toHaveText("—");
  const rowTexts = await rows.allInnerTexts();
  expect(rowTexts.findIndex((t) => t.includes("Unused precedent"))).toBeGreaterThan(rowTexts.findLastIndex((t) => /\d+ mandates?/.test(t)));

  // The portfolio dashboard, from the main navigation.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Portfolio dashboard" })).toBeVisible();
  await expect(page).toHaveURL(/\/dashboard$/);
  const figures = page.locator("dl.kpi-figures");
  await expect(figures.getByRole("term").first()).toHaveText("On-time delivery rate");
  await expect(figures.getByRole("definition").first()).toHaveText("100.00 %");
  const monthly = page.locator("figure", { has: page.locator("figcaption", { hasText: "Deliverables delivered per month" }) });
  await expect(monthly.locator("figcaption")).toContainText("1 delivered");
  // One bar a month up to today's, the last one: the only month with a delivery has a height.
  await expect(monthly.locator("svg rect.chart-bar").last()).toBeVisible();
  await expect(monthly.locator("svg text.chart-value", { hasText: "1" })).toHaveCount(1);
  const playbooks = page.locator("figure", { has: page.locator("figcaption", { hasText: "Most-used playbooks" }) });
  await expect(playbooks.locator("figcaption")).toContainText("1 playbook linked");
  await expect(playbooks.locator(".ranked-bar")).toHaveCount(1);
  await expect(playbooks.locator("table")).toContainText("Supplier onboarding playbook");
  const margin = page.getByRole("region", { name: "Margin per pricing model" }).getByRole("row").filter({ hasText: "Fixed per deliverable" });
  await expect(margin).toContainText("EUR 1,500.00");
  await expect(margin).toContainText("EUR 900.00 (60.00 %)");
  const csvHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  expect(csvHref).toMatch(/^\/api\/v1\/kpis\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&format=csv$/);
  const portfolioCsv = await page.request.get(csvHref!);
  expect(portfolioCsv.status()).toBe(200);
  expect(await portfolioCsv.text()).toContain("Supplier onboarding playbook");

  // The client filter narrows to one organisation and says so.
  await page.getByLabel("Client", { exact: true }).selectOption({ label: "Northwind Retail" });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Northwind Retail");

  // The client's member sees their mandate read-only: no moves, no internals, no internal documents.
  const clientContext = await browser.newContext({ baseURL: server.url });
  const client = await clientContext.newPage();
  const clientErrors: string[] = [];
  client.on("pageerror", (error) => clientErrors.push(error.message));
  await client.goto(invitationLink);
  await client.getByLabel("Your name").fill("Grace Counsel");
  await client.getByLabel("Password").fill("a long enough passphrase");
  await client.getByRole("button", { name: "Join and sign in" }).click();
  await expect(client).not.toHaveURL(/\/invite\//);
  await client.goto("/mandates");
  await expect(client.getByRole("link", { name: "New mandate" })).toHaveCount(0);
  await client.getByRole("link", { name: "Northwind supplier onboarding" }).click();
  await expect(client.getByRole("heading", { level: 1, name: "Northwind supplier onboarding" })).toBeVisible();
  await expect(client.getByRole("row").filter({ hasText: "Mutual NDA" })).toContainText("Delivered");
  await expect(client.getByRole("group", { name: "Change the mandate's status" })).toHaveCount(0);
  await expect(client.getByRole("button", { name: /Mark accepted/ })).toHaveCount(0);
  await expect(client.getByRole("columnheader", { name: /Effort/ })).toHaveCount(0);
  await expect(client.getByRole("region", { name: "Activity" })).toHaveCount(0);
  await expect(client.getByRole("columnheader", { name: "Cost" })).toHaveCount(0);
  await expect(client.getByRole("region", { name: "Estimate at completion" })).toHaveCount(0);
  await expect(client.getByRole("link", { name: /Time entered/ })).toHaveCount(0);
  await expect(client.getByRole("region", { name: "Resources" })).toContainText("No resources shared with you on this mandate.");
  expect(clientErrors).toEqual([]);
  await clientContext.close();
}

// On the worker's server: a volume breach is drafted into a change request on the mandate page,
// sent, and approved by the client in their view; the budget and the burn-down follow (ADR 043).
test("A breach becomes a change request that the client approves in the portal", async ({ page, server, browser }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, server);
  const api = apiAs(page, server);
  const clientOrg = await createClientOrganization(page, "Contoso Foods");
  const invitationLink = await createInvitationLink(page, { email: "gc@contoso.example", role: "CLIENT", clientOrganizationId: clientOrg });
  const { mandate } = await api.post<{ mandate: { id: string } }>("/api/v1/mandates", {
    clientOrganizationId: clientOrg,
    title: "Contoso NDAs",
    reference: "CF-2026-001",
    pricingModel: "FIXED_PER_DELIVERABLE",
    currency: "EUR",
    budget: "2,000.00",
    startDate: day(-10),
    targetDate: day(20),
    status: "ACTIVE",
  });
  const assumptions = await page.request.put(`/api/v1/mandates/${mandate.id}/assumptions`, {
    data: { volumes: [{ deliverableType: "NDA", maxPerMonth: 1 }] },
    headers: { Origin: server.url },
  });
  expect(assumptions.status(), await assumptions.text()).toBe(200);
  await api.post(`/api/v1/mandates/${mandate.id}/deliverables`, { title: "NDA Fabrikam", type: "NDA", fee: "300.00" });
  await api.post(`/api/v1/mandates/${mandate.id}/deliverables`, { title: "NDA Tailspin", type: "NDA", fee: "400.00" });

  // The PM drafts from the breach and sends it.
  await page.goto(`/mandates/${mandate.id}`);
  const assumptionsRegion = page.getByRole("region", { name: "Assumptions" });
  await expect(assumptionsRegion).toContainText("2 “NDA” deliverables came in");
  await assumptionsRegion.getByRole("button", { name: /^Draft change request/ }).click();
  const requests = page.getByRole("region", { name: "Change requests" });
  await expect(requests.getByRole("listitem", { name: /^Change request: Additional volume/ })).toContainText("Draft");
  await requests.getByRole("button", { name: /^Send .* to the client$/ }).click();
  await expect(requests).toContainText("Awaiting the client's decision");

  // The client's general counsel approves it in their view of the mandate.
  const clientContext = await browser.newContext({ baseURL: server.url });
  const client = await clientContext.newPage();
  await client.goto(invitationLink);
  await client.getByLabel("Your name").fill("Cora Counsel");
  await client.getByLabel("Password").fill("a long enough passphrase");
  await client.getByRole("button", { name: "Join and sign in" }).click();
  await expect(client).not.toHaveURL(/\/invite\//);
  await client.goto(`/mandates/${mandate.id}`);
  await expect(client.getByRole("region", { name: "Assumptions" }), "breaches are the provider's").toHaveCount(0);
  const seen = client.getByRole("region", { name: "Change requests" });
  await expect(seen).toContainText("Because: 2 “NDA” deliverables came in");
  await seen.getByRole("button", { name: /^Approve/ }).click();
  await expect(seen).toContainText("Approved by Cora Counsel");
  await clientContext.close();

  // The budget rose by the second NDA's fee, the first budget is kept, and the burn-down marks the change.
  await page.reload();
  await expect(page.getByRole("region", { name: "Assumptions" })).toContainText("Baseline before approved changes: budget 2,000.00");
  const burndown = page.locator("figure", { has: page.locator("figcaption", { hasText: "Burn-down" }) });
  await expect(burndown.locator("line.chart-change-marker")).toHaveCount(1);
  await expect(burndown.locator(".chart-legend")).toContainText("Baseline");
  const { mandate: after } = await api.get<{ mandate: { budget: { minor: number } } }>(`/api/v1/mandates/${mandate.id}`);
  expect(after.budget.minor).toBe(240_000);
});
