// What a first day in the editor found (issue 14): Tab in a clause card skipped the positions'
// text and reached Remove, where Space deleted a fallback unasked; Ctrl+End did nothing in a
// document ending in a clause card; a template variable could not be changed once inserted.
// And a variable of a choice type is a select when the template is filled.
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { createClientOrganization } from "./support/invite.ts";
import { clickInto, documentBody, expectSaved } from "./support/editor.ts";
import { signInAsAdmin } from "./support/sign-in.ts";
import type { RunningServer } from "./support/server.ts";

/** A version 1 clause position: preferred, one fallback, red line and rationale. */
const CLAUSE = fs.readFileSync(new URL("../fixtures/clause-position-v1.md", import.meta.url), "utf8");

async function createDocument(page: Page, server: RunningServer, data: { kind: string; title: string; markdown: string }) {
  const response = await page.request.post("/api/v1/documents", { data, headers: { Origin: server.url } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { document: { id: string } }).document.id;
}

/** Opens the document and waits for its body to show `text` (the editor has loaded it). */
async function openEditor(page: Page, id: string, text: string) {
  await page.goto(`/documents/${id}`);
  const body = documentBody(page);
  await expect(body).toContainText(text);
  return body;
}

const part = (page: Page, name: string) => page.getByRole("group", { name, exact: true });

test("Tab in a clause card goes through each field and then its text, in the order they read; the card's version 2 fields are kept", async ({ page, server }) => {
  await signInAsAdmin(page, server);
  const id = await createDocument(page, server, { kind: "PLAYBOOK", title: "Liability playbook", markdown: `Before the clause.\n\n${CLAUSE}` });
  await openEditor(page, id, "Our insurance covers 24 months.");
  const button = (name: string) => page.getByRole("button", { name, exact: true });
  const approver = (label: string) => page.getByRole("textbox", { name: `${label} approver` });

  await page.getByLabel("Clause name").focus();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Escalate to")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("combobox", { name: "Perspective" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("checkbox", { name: "Required" })).toBeFocused();
  // From the header to the preferred position's text, not to a button.
  await page.keyboard.press("Tab");
  await page.keyboard.type("Preferred: ");
  await expect(part(page, "Preferred position")).toContainText("Preferred: Cap at 12 months' fees.");
  await page.keyboard.press("Tab");
  await expect(button("Add model wording to Preferred position")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(approver("Fallback 1")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(button("Remove Fallback 1")).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.type("Fallback: ");
  await expect(part(page, "Fallback 1")).toContainText("Fallback: Cap at 24 months' fees.");
  await page.keyboard.press("Tab");
  await expect(button("Add model wording to Fallback 1")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(approver("Red line")).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.type("Red line: ");
  await expect(part(page, "Red line")).toContainText("Red line: No cap at all.");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Why: ");
  await expect(part(page, "Rationale")).toContainText("Why: Our insurance covers 24 months.");
  await page.keyboard.press("Tab");
  await expect(button("Add fallback")).toBeFocused();

  // Shift+Tab walks back the same way.
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.type("(1) ");
  await expect(part(page, "Rationale")).toContainText("(1) Why: Our insurance");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  await expect(approver("Red line")).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  await expect(button("Remove Fallback 1")).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  await expect(page.getByRole("checkbox", { name: "Required" })).toBeFocused();

  // Version 2 (ADR 035): perspective, Required, an approver, model wording, a grey zone.
  await page.getByRole("combobox", { name: "Perspective" }).fill("customer");
  await page.getByRole("checkbox", { name: "Required" }).check();
  await approver("Fallback 1").fill("Supervising associate");
  await button("Add model wording to Fallback 1").click();
  await page.keyboard.type("Liability is capped at twice the annual fees.");
  await expect(part(page, "Fallback 1").getByRole("group", { name: "Model wording" })).toHaveText(/Liability is capped at twice the annual fees\./);
  await expect(button("Add model wording to Fallback 1")).toHaveCount(0);
  // Tab from the wording goes on to the next part, as from any part's text.
  await page.keyboard.press("Tab");
  await expect(approver("Red line")).toBeFocused();
  await button("Add grey zone").click();
  await expect(button("Add grey zone")).toHaveCount(0);
  const parts = page.locator(".clause-card [data-clause-part]");
  await expect(parts).toHaveCount(5);
  expect(await parts.evaluateAll((els) => els.map((el) => el.getAttribute("data-clause-part")))).toEqual(["preferred", "fallback", "greyzone", "redline", "rationale"]);
  await approver("Grey zone").fill("Partner");
  await expectSaved(page);

  // All of it is kept: a reload shows it again.
  await page.reload();
  await expect(documentBody(page)).toContainText("Liability is capped at twice the annual fees.");
  await expect(page.getByRole("combobox", { name: "Perspective" })).toHaveValue("customer");
  await expect(page.getByRole("checkbox", { name: "Required" })).toBeChecked();
  await expect(approver("Fallback 1")).toHaveValue("Supervising associate");
  await expect(approver("Grey zone")).toHaveValue("Partner");
});

test("Removing a fallback asks first: Space on Remove removes nothing, Keep keeps it, Yes removes it", async ({ page, server }) => {
  await signInAsAdmin(page, server);
  const id = await createDocument(page, server, { kind: "PLAYBOOK", title: "Liability playbook to prune", markdown: CLAUSE });
  await openEditor(page, id, "Our insurance covers 24 months.");

  const remove = page.getByRole("button", { name: "Remove Fallback 1" });
  await remove.focus();
  await page.keyboard.press("Space");
  const confirm = page.getByRole("group", { name: "Remove Fallback 1?" });
  await expect(confirm).toContainText("Remove this fallback?");
  await expect(confirm.getByRole("button", { name: "Keep" })).toBeFocused();
  await expect(part(page, "Fallback 1")).toContainText("Cap at 24 months' fees.");

  // A second Space keeps it, and focus is back on Remove.
  await page.keyboard.press("Space");
  await expect(confirm).toHaveCount(0);
  await expect(remove).toBeFocused();
  await expect(part(page, "Fallback 1")).toContainText("Cap at 24 months' fees.");

  // Escape keeps it too.
  await page.keyboard.press("Enter");
  await expect(confirm).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await expect(part(page, "Fallback 1")).toHaveCount(1);

  await remove.click();
  await confirm.getByRole("button", { name: "Yes, remove" }).click();
  await expect(part(page, "Fallback 1")).toHaveCount(0);
  await expect(page.getByText("Cap at 24 months' fees.")).toHaveCount(0);
  await expect(part(page, "Red line")).toContainText("No cap at all.");
});

test("Ctrl+End in a document that ends in a clause card goes after the card, where typing starts a paragraph", async ({ page, server, browser }) => {
  await signInAsAdmin(page, server);
  const id = await createDocument(page, server, { kind: "PLAYBOOK", title: "Playbook ending in a clause", markdown: `Before the clause.\n\n${CLAUSE}` });
  await openEditor(page, id, "Our insurance covers 24 months.");

  await clickInto(page, "Before the clause.");
  await page.keyboard.press("Control+End");
  await page.keyboard.type("After the card.");
  const lastBlock = page.locator(".document-body > *").last();
  await expect(lastBlock).toHaveText("After the card.");
  expect(await lastBlock.evaluate((el) => el.tagName)).toBe("P");
  await expect(part(page, "Rationale")).not.toContainText("After the card.");

  // Once the document ends in text, Ctrl+End is the end of that text; ⌘↓ on a Mac goes there too.
  await clickInto(page, "Before the clause.");
  await page.keyboard.press("Control+End");
  await page.keyboard.type(" More.");
  await expect(lastBlock).toHaveText("After the card. More.");

  // (Away from the document, so this page's caret is not drawn in the next one's text.)
  await page.goto("/library");
  const mac = await browser.newContext({ baseURL: server.url });
  await mac.addCookies(await page.context().cookies());
  await mac.addInitScript(() => Object.defineProperty(Navigator.prototype, "platform", { get: () => "MacIntel" }));
  const macPage = await mac.newPage();
  await openEditor(macPage, id, "After the card. More.");
  await clickInto(macPage, "Before the clause.");
  await macPage.keyboard.press("Meta+ArrowDown");
  await macPage.keyboard.type(" End.");
  await expect(macPage.locator(".document-body > *").last()).toHaveText("After the card. More. End.");
  await mac.close();
});

test("A variable is edited after insertion, from its chip or the panel; a co-editor sees the change; a choice is a select when the template is filled", async ({
  page,
  server,
}) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, server);
  const id = await createDocument(page, server, {
    kind: "TEMPLATE",
    title: "Risk memo template",
    markdown: 'Dear {{party label="Counterparty"}}, the risk is {{risk}}.\n\nSigned for {{party}}.',
  });
  const body = await openEditor(page, id, "Signed for");
  const panel = page.getByRole("complementary", { name: "Variables" });
  const co = await page.context().newPage();
  await openEditor(co, id, "Signed for");
  const coPanel = co.getByRole("complementary", { name: "Variables" });

  // A click on the chip opens its form, filled with what it is.
  await body.locator('[data-template-variable][data-name="risk"]').click();
  const form = page.getByRole("form", { name: "Edit variable {{risk}}" });
  await expect(form.getByLabel("Name")).toHaveValue("risk");
  await form.getByLabel("Label").fill("Risk level");
  await form.getByLabel("Type").selectOption({ label: "Choice from a list" });
  await form.getByLabel("Choices").fill("Low");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("alert")).toHaveText("List at least two choices, one a line.");
  await form.getByLabel("Choices").fill("Low\nMedium\nHigh");
  await form.getByLabel("Required").check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form).toHaveCount(0);
  const risk = panel.getByRole("listitem", { name: "{{risk}}" });
  await expect(risk).toContainText("LabelRisk level");
  await expect(risk).toContainText("TypeChoice: Low, Medium, High");
  await expect(risk).toContainText("RequiredYes");
  // The other editor sees it: an attribute change syncs like any edit.
  await expect(coPanel.getByRole("listitem", { name: "{{risk}}" })).toContainText("TypeChoice: Low, Medium, High");

  // Escape closes the form and leaves the chip selected; Enter on a selected chip edits it, as a
  // click does. A label changed on one use changes the variable everywhere.
  const signedFor = body.locator('[data-template-variable][data-name="party"]').last();
  await signedFor.click();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("form", { name: "Edit variable {{party}}" })).toHaveCount(0);
  await expect(signedFor).toHaveClass(/ProseMirror-selectednode/);
  await page.keyboard.press("Enter");
  const party = page.getByRole("form", { name: "Edit variable {{party}}" });
  await expect(party.getByLabel("Label")).toHaveValue("Counterparty");
  await party.getByLabel("Label").fill("Supplier");
  await party.getByLabel("Label").press("Enter");
  await expect(party).toHaveCount(0);
  await expect(panel.getByRole("listitem", { name: "{{party}}" })).toContainText("LabelSupplier");
  await expect(coPanel.getByRole("listitem", { name: "{{party}}" })).toContainText("LabelSupplier");

  // The panel's Edit renames it, in every use.
  await panel.getByRole("button", { name: "Edit {{party}}" }).click();
  await page.getByRole("form", { name: "Edit variable {{party}}" }).getByLabel("Name").fill("supplier_name");
  await page.getByRole("form", { name: "Edit variable {{party}}" }).getByRole("button", { name: "Save" }).click();
  await expect(body).toContainText("Dear {{supplier_name}}, the risk is {{risk}}.");
  await expect(body).toContainText("Signed for {{supplier_name}}.");
  // (Without the full stop: the co-editor's page draws the first one's caret, with its name, there.)
  await expect(co.getByRole("textbox", { name: "Document body" })).toContainText("Signed for {{supplier_name}}");
  await co.close();

  // Filled for a deliverable, the choice is a select of its choices.
  const clientId = await createClientOrganization(page, "Initech");
  const mandate = await page.request.post("/api/v1/mandates", {
    data: {
      title: "Initech supply",
      reference: "IN-2026-001",
      startDate: "2026-11-02",
      status: "ACTIVE",
      pricingModel: "FIXED_PER_DELIVERABLE",
      currency: "EUR",
      budgetMinor: 100_000,
      clientOrganizationId: clientId,
    },
    headers: { Origin: server.url },
  });
  expect(mandate.status(), await mandate.text()).toBe(201);
  const mandateId = ((await mandate.json()) as { mandate: { id: string } }).mandate.id;
  const added = await page.request.post(`/api/v1/mandates/${mandateId}/deliverables`, {
    data: { deliverables: [{ title: "Risk memo", type: "Memo", fee: "500.00" }] },
    headers: { Origin: server.url },
  });
  expect(added.status(), await added.text()).toBe(201);
  const deliverableId = ((await added.json()) as { deliverables: { id: string }[] }).deliverables[0]!.id;

  const select = page.getByLabel("Risk level (required)");
  // The template's stored content follows the editor a moment later.
  await expect(async () => {
    await page.goto(`/mandates/${mandateId}/deliverables/${deliverableId}/generate?templateId=${id}`);
    expect(await select.evaluate((el) => el.tagName)).toBe("SELECT");
  }).toPass({ timeout: 20_000 });
  await expect(select.locator("option")).toHaveText(["Choose…", "Low", "Medium", "High"]);
  await select.selectOption("Medium");
  await page.getByLabel("Supplier").fill("Initech Ltd");
  await page.getByRole("button", { name: "Generate document" }).click();
  await expect(page.getByRole("region", { name: "Document generated" })).toBeVisible();
  await page.getByRole("link", { name: "Open the document" }).click();
  await expect(page.getByRole("textbox", { name: "Document body" })).toContainText("Dear Initech Ltd, the risk is Medium.");
});
