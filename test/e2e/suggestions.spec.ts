// Issue 15, "Suggestions": publishing never publishes an open suggestion, a viewer an admin lets
// suggest works in Suggesting mode only, and so does a client its editors let suggest on their
// deliverable's document. (Suggesting, seeing and deciding suggestions in two
// browsers is in comments-and-suggestions.spec.ts.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { clickInto, documentBody, expectSaved, newDocumentWithText, paragraphText } from "./support/editor.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { userCreate } from "./support/user-create.ts";
import { createClientOrganization, invite } from "./support/invite.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

const ADA = { email: "ada.author@firm.example", password: "ada's long passphrase", name: "Ada Author", role: "EDITOR" };
const BEN = { email: "ben.boss@firm.example", password: "ben's long passphrase", name: "Ben Boss", role: "ADMIN" };
const VIC = { email: "vic.viewer@firm.example", password: "vic's long passphrase", name: "Vic Viewer", role: "VIEWER" };

let dataDir: string;
let server: RunningServer | undefined;

test.beforeAll(async () => {
  test.setTimeout(360_000);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-e2e-suggest-"));
  for (const user of [ADA, BEN, VIC]) {
    const created = await userCreate(["--email", user.email, "--password", user.password, "--role", user.role, "--name", user.name], dataDir);
    expect(created.code, created.stdout + created.stderr).toBe(0);
  }
  server = await startServer({ dataDir });
});

test.afterAll(async ({}, testInfo) => {
  if (server) {
    fs.mkdirSync(testInfo.project.outputDir, { recursive: true });
    fs.writeFileSync(path.join(testInfo.project.outputDir, "suggestions-server.log"), server.log());
    await server.stop();
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(browser: Browser, user: { email: string; password: string }, errors: string[]) {
  const context = await browser.newContext({ baseURL: server!.url });
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(`${user.email} pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(`${user.email} console.error: ${message.text()}`);
  });
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  return { context, page };
}

const expectText = (page: Page, text: string) => expect.poll(() => paragraphText(page)).toBe(text);

test("Publishing a text with an open suggestion asks first, and publishes it without the suggestion", async ({ browser }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  try {
    const a = await signIn(browser, ADA, errors);
    contexts.push(a.context);
    const documentId = await newDocumentWithText(a.page, "Termination playbook", "Either party may terminate on notice.");
    await a.page.getByRole("button", { name: "Suggesting" }).click();
    await a.page.keyboard.press("End");
    await a.page.keyboard.press("ArrowLeft");
    await a.page.keyboard.type(" of 90 days");
    await expect(documentBody(a.page).locator("ins.suggestion")).toHaveText(" of 90 days");
    await expectSaved(a.page);

    // A submits it to B, who sees the open suggestion counted on the Reviews page and approves.
    await a.page.goto(`/documents/${documentId}?panel=publishing`);
    const panel = a.page.getByRole("region", { name: "Publishing" });
    await panel.getByLabel(BEN.name).check();
    await panel.getByRole("button", { name: "Submit for review" }).click();
    await expect(panel).toContainText("1 open suggestion in this text");

    const b = await signIn(browser, BEN, errors);
    contexts.push(b.context);
    await b.page.goto("/reviews");
    await expect(b.page.getByRole("region", { name: "Waiting for my review" }).getByRole("listitem").filter({ hasText: "Termination playbook" })).toContainText(
      "1 open suggestion",
    );
    await b.page.goto(`/documents/${documentId}?panel=publishing`);
    await b.page.getByRole("region", { name: "Publishing" }).getByRole("button", { name: "Approve" }).click();
    await expect(b.page.getByRole("status").filter({ hasText: "Approved." })).toBeVisible();

    // Publish asks first; Cancel publishes nothing; "Publish without them" publishes the text without it.
    await a.page.reload();
    await panel.getByRole("button", { name: "Publish" }).click();
    const ask = panel.getByRole("alertdialog");
    await expect(ask).toContainText("1 open suggestion will not be published.");
    await ask.getByRole("button", { name: "Cancel" }).click();
    await expect(ask).toHaveCount(0);
    await panel.getByRole("button", { name: "Publish" }).click();
    await panel.getByRole("alertdialog").getByRole("button", { name: "Publish without them" }).click();
    await expect(a.page.getByRole("status").filter({ hasText: "Published: readers now see this version." })).toBeVisible();

    const inForce = await a.page.request.get(`/api/v1/documents/${documentId}/in-force`);
    expect(inForce.status()).toBe(200);
    const published = JSON.stringify(await inForce.json());
    expect(published).toContain("Either party may terminate on notice.");
    expect(published).not.toContain("90 days");
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
  }
  expect(errors, "errors in the browser console").toEqual([]);
});

test("An admin lets viewers suggest: the viewer's typing is a suggestion in their name", async ({ browser }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  try {
    const a = await signIn(browser, ADA, errors);
    contexts.push(a.context);
    const documentId = await newDocumentWithText(a.page, "Notice playbook", "Notice is given in writing.");
    // Away, so her caret is not where the viewer types.
    await a.page.goto("/library");

    const b = await signIn(browser, BEN, errors);
    contexts.push(b.context);
    await b.page.goto(`/documents/${documentId}?panel=details`);
    const allow = b.page.getByRole("switch", { name: "Viewers may suggest" });
    await expect(allow).not.toBeChecked();
    await allow.check();
    await expect(b.page.getByRole("status").filter({ hasText: "Viewers may now suggest changes." })).toBeAttached();
    await expect(allow).toBeChecked();

    const v = await signIn(browser, VIC, errors);
    contexts.push(v.context);
    await v.page.goto(`/documents/${documentId}`);
    await expect(v.page.getByRole("note").filter({ hasText: "You can suggest changes here" })).toBeVisible();
    await expect(v.page.getByRole("button", { name: "Suggesting" })).toBeDisabled();
    await clickInto(v.page, "in writing");
    await v.page.keyboard.press("End");
    await v.page.keyboard.type(" Email counts.");
    const suggestion = documentBody(v.page).locator("ins.suggestion");
    await expect(suggestion).toHaveText(" Email counts.");
    await expect(suggestion).toHaveAttribute("data-author-name", VIC.name);
    await expectSaved(v.page);
    // Theirs to propose, an editor's to decide.
    await expect(v.page.getByRole("button", { name: /^(Accept|Reject)/ })).toHaveCount(0);
    // The editor finds it as a suggestion.
    await a.page.goto(`/documents/${documentId}`);
    await expect(documentBody(a.page).locator("ins.suggestion")).toHaveText(" Email counts.");
    await expectText(a.page, "Notice is given in writing. Email counts.");
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
  }
  expect(errors, "errors in the browser console").toEqual([]);
});

test("A client the editors let suggest on their deliverable's document gets its draft in Suggesting mode, and its Comments tab", async ({ page, browser, server: shared }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, shared);
  const clientId = await createClientOrganization(page, "Contoso Suggesting");
  const post = async <T>(path: string, data: Record<string, unknown>) => {
    const response = await page.request.post(path, { data, headers: { Origin: shared.url } });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as T;
  };
  // A deliverable of the client's mandate, and the client's document for it: published and shared, so the client reads it.
  const { mandate } = await post<{ mandate: { id: string } }>("/api/v1/mandates", {
    clientOrganizationId: clientId,
    title: "Contoso NDAs",
    reference: `CON-${Date.now()}`,
    pricingModel: "FIXED_PER_DELIVERABLE",
    currency: "EUR",
    budget: "5,000.00",
    startDate: "2026-01-05",
    status: "ACTIVE",
  });
  const { deliverables } = await post<{ deliverables: { id: string }[] }>(`/api/v1/mandates/${mandate.id}/deliverables`, { title: "NDA for Contoso", type: "NDA", dueDate: "2026-02-01", fee: "500" });
  const { document } = await post<{ document: { id: string } }>("/api/v1/documents", {
    kind: "PRECEDENT",
    title: "Contoso NDA",
    mandateId: mandate.id,
    status: "PUBLISHED",
    visibility: "SHARED",
    sharedWithOrganizationIds: [clientId],
    markdown: "The term is two years.",
  });
  await post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: document.id, deliverableId: deliverables[0]!.id });

  await page.goto(`/documents/${document.id}?panel=details`);
  const allow = page.getByRole("switch", { name: "The client may suggest" });
  await expect(allow).not.toBeChecked();
  await allow.check();
  await expect(page.getByRole("status").filter({ hasText: "The client may now suggest changes." })).toBeAttached();
  await expect(allow).toBeChecked();

  const client = await invite(page, browser, shared, { email: `gc.suggest.${Date.now()}@contoso.example`, name: "Cleo Counsel", role: "CLIENT", clientOrganizationId: clientId });
  try {
    await client.page.goto(`/documents/${document.id}`);
    await expect(client.page.getByRole("note").filter({ hasText: "You can suggest changes here" })).toBeVisible();
    await clickInto(client.page, "two years");
    await client.page.keyboard.press("End");
    await client.page.keyboard.type(" Renewable once.");
    const suggestion = documentBody(client.page).locator("ins.suggestion");
    await expect(suggestion).toHaveText(" Renewable once.");
    await expect(suggestion).toHaveAttribute("data-author-name", "Cleo Counsel");
    await expectSaved(client.page);
    await expect(client.page.getByRole("button", { name: /^(Accept|Reject)/ })).toHaveCount(0);
    await client.page.getByRole("tab", { name: /^Comments/ }).click();
    await expect(client.page.getByRole("region", { name: "Comments" }).getByText("No comments yet.")).toBeVisible();

    // The admin, on the mandate's team, finds it as a suggestion to decide.
    await page.goto(`/documents/${document.id}`);
    await expect(documentBody(page).locator("ins.suggestion")).toHaveText(" Renewable once.");
    await expectText(page, "The term is two years. Renewable once.");
    expect(client.errors).toEqual([]);
  } finally {
    await client.close();
  }
});
