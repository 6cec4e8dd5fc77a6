// The command palette (issue 14): Ctrl+K from anywhere, the header's search box included; it goes
// to sections, starts the actions the person may, finds documents and mandates as they type (only
// those they may read), and offers the search page when nothing matches. Toasts confirm what the
// tokens page and the copy buttons do.
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { createClientOrganization, invite } from "./support/invite.ts";
import { signInAsAdmin } from "./support/sign-in.ts";
import { onOwnServer } from "./support/own-server.ts";
import type { RunningServer } from "./support/server.ts";

async function createDocument(page: Page, server: RunningServer, data: Record<string, unknown>) {
  const response = await page.request.post("/api/v1/documents", {
    data: { kind: "PLAYBOOK", status: "PUBLISHED", markdown: "Body.", ...data },
    headers: { Origin: server.url },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { document: { id: string } }).document.id;
}

/** Ctrl+K, retried until the page is hydrated (a key pressed before that does nothing). */
async function openPalette(page: Page) {
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await expect(async () => {
    await page.keyboard.press("Control+k");
    await expect(palette).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  return palette;
}

// A server of its own: the mandate this test makes must not show in the other specs' pages
// (they share their worker's server, and the mandates spec expects an empty list).
test("Ctrl+K finds a document and a mandate, runs an action, offers the search page, and Escape gives focus back", async ({ browser }) => {
  test.setTimeout(180_000);
  await onOwnServer(browser, findsAndActs);
});

async function findsAndActs(page: Page, server: RunningServer) {
  await signInAsAdmin(page, server);
  const clientId = await createClientOrganization(page, "Quokka Holdings");
  const memo = await createDocument(page, server, { title: "Quokka indemnity memo" });
  const mandate = await page.request.post("/api/v1/mandates", {
    data: {
      clientOrganizationId: clientId,
      title: "Quokka supplier review",
      reference: "QK-7",
      pricingModel: "CAPPED",
      currency: "GBP",
      budget: "1000.00",
      startDate: new Date().toISOString().slice(0, 10),
    },
    headers: { Origin: server.url },
  });
  expect(mandate.status(), await mandate.text()).toBe(201);
  const mandateId = ((await mandate.json()) as { mandate: { id: string } }).mandate.id;

  // From the header's search box, which keeps "/" but not Ctrl+K.
  await page.goto("/library");
  const quick = page.getByRole("searchbox", { name: "Quick search" });
  await quick.focus();
  const palette = await openPalette(page);
  const input = palette.getByRole("combobox");
  await expect(input).toBeFocused();
  await expect(palette.getByRole("group", { name: "Go to" }).getByRole("option", { name: /^Admin/ })).toBeVisible();
  await expect(palette.getByRole("group", { name: "Actions" }).getByRole("option", { name: "New mandate" })).toBeVisible();

  // Escape closes it and focus is back in the search box.
  await page.keyboard.press("Escape");
  await expect(palette).toBeHidden();
  await expect(quick).toBeFocused();

  // A document by the words of its title; it is chosen, and Enter opens it.
  await quick.press("Control+k");
  await input.fill("quokka indem");
  const hit = palette.getByRole("group", { name: "Documents" }).getByRole("option", { name: /Quokka indemnity memo/ });
  await expect(hit).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(palette).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/documents/${memo}$`));

  // A mandate by its reference; the arrow keys move between it and searching everywhere, Enter opens it.
  await page.goto("/mandates");
  await openPalette(page);
  await input.fill("QK-7");
  const found = palette.getByRole("group", { name: "Mandates" }).getByRole("option", { name: /Quokka supplier review/ });
  await expect(found).toContainText("Quokka Holdings");
  await expect(found).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowDown");
  await expect(palette.getByRole("option", { name: /Search everywhere for “QK-7”/ })).toHaveAttribute("aria-selected", "true");
  await expect(found).toHaveAttribute("aria-selected", "false");
  await page.keyboard.press("ArrowUp");
  await expect(found).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/mandates/${mandateId}$`));

  // An action by its name; the palette opens afresh, without the last query.
  await openPalette(page);
  await expect(input).toHaveValue("");
  await input.fill("New mandate");
  await expect(palette.getByRole("option", { name: "New mandate", exact: true })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/mandates\/new$/);
  await expect(page.getByRole("heading", { name: "New mandate" })).toBeVisible();

  // Nothing matches: it says so, and Enter searches everywhere.
  await openPalette(page);
  await input.fill("zzyzx nothing");
  await expect(palette.getByRole("status")).toHaveText("No documents or mandates match “zzyzx nothing”.");
  await expect(palette.getByRole("option", { name: "Search everywhere for “zzyzx nothing”" })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=zzyzx\+nothing$/);

  // The key hint in the header opens it with the pointer too.
  await page.goto("/library");
  await expect(async () => {
    await page.locator("#global-search-hint").click();
    await expect(palette).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

test("In the editor Ctrl+K adds a link; outside it, it opens the palette", async ({ page, server }) => {
  test.setTimeout(90_000);
  await signInAsAdmin(page, server);
  const draft = await createDocument(page, server, { title: "Platypus draft", status: "DRAFT" });
  await page.goto(`/documents/${draft}`);
  const body = page.getByRole("textbox", { name: "Document body" });
  await expect(body).toHaveAttribute("contenteditable", "true");
  await body.click();
  await page.keyboard.press("Control+k");
  await expect(page.getByRole("form", { name: "Add a link" })).toBeVisible();
  await expect(page.getByRole("dialog", { name: "Command palette" })).toHaveCount(0);

  await page.keyboard.press("Escape");
  await page.getByRole("heading", { level: 1 }).click();
  await openPalette(page);
});

test("A client's palette finds what is shared with them, never an internal document, and offers no actions", async ({ page, server, browser }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, server);
  const clientId = await createClientOrganization(page, "Wombat Foods");
  await createDocument(page, server, { title: "Wombat internal memo" });
  await createDocument(page, server, { title: "Wombat shared checklist", visibility: "SHARED", sharedWithOrganizationIds: [clientId] });
  const client = await invite(page, browser, server, { email: "gc@wombat.example", name: "Gail Counsel", role: "CLIENT", clientOrganizationId: clientId });

  await client.page.goto("/library");
  const palette = await openPalette(client.page);
  await expect(palette.getByRole("group", { name: "Actions" })).toHaveCount(0);
  await expect(palette.getByRole("option", { name: /^Admin/ })).toHaveCount(0);
  await palette.getByRole("combobox").fill("wombat");
  // Both titles match; one answer carries both kinds, so once the shared one is there the other would be too.
  await expect(palette.getByRole("option", { name: /Wombat shared checklist/ })).toBeVisible();
  await expect(palette.getByRole("option", { name: /Wombat internal memo/ })).toHaveCount(0);

  // The admin, on the same words, finds both.
  await page.goto("/library");
  const adminPalette = await openPalette(page);
  await adminPalette.getByRole("combobox").fill("wombat");
  await expect(adminPalette.getByRole("option", { name: /Wombat internal memo/ })).toBeVisible();
  await expect(adminPalette.getByRole("option", { name: /Wombat shared checklist/ })).toBeVisible();
  expect(client.errors).toEqual([]);
  await client.close();
});

test("Toasts confirm a copied token and a revoked one, and are announced politely", async ({ page, server, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  await signInAsAdmin(page, server);
  await page.goto("/settings/tokens");
  await page.getByLabel("Token name").fill("Palette script");
  await page.getByRole("button", { name: "Create token" }).click();
  const toasts = page.getByRole("region", { name: "Messages (F8)" });
  // Radix announces a toast through a live region for about a second: polite, for a "background" toast.
  const announced = page
    .locator('[role="status"][aria-live="polite"]')
    .filter({ hasText: "copied to the clipboard" })
    .waitFor({ state: "attached" });
  await page.getByRole("button", { name: "Copy" }).click();
  await expect(toasts).toContainText("Token “Palette script” copied to the clipboard.");
  await announced;
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await page.getByRole("textbox", { name: "Token “Palette script”" }).inputValue());

  await page.getByRole("button", { name: "Revoke Palette script" }).click();
  await expect(toasts).toContainText("Token revoked: scripts using it can no longer call the API.");
  const revoked = toasts.getByRole("listitem").filter({ hasText: "Token revoked" });
  await revoked.getByRole("button", { name: "Dismiss" }).click();
  await expect(revoked).toHaveCount(0);
});
