// "?" shows the keyboard shortcuts in an accessible dialog that Escape closes, giving focus back;
// the command palette's key hint reads ⌘K on a Mac and is not shown on touch screens (issue 14).
import { test, expect } from "./fixtures.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

test("? lists the shortcuts in a dialog, and Escape closes it and gives focus back", async ({ page, server }) => {
  await signInAsAdmin(page, server);
  await page.goto("/library");
  const mandates = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mandates" });
  await mandates.focus();

  await page.keyboard.press("?");
  const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole("region", { name: "Go to" })).toContainText("Mandatesg then m");
  await expect(sheet.getByRole("region", { name: "Go to" })).toContainText("Adming then a");
  await expect(sheet.getByRole("region", { name: "Anywhere" })).toContainText("Command paletteCtrl+K");
  await expect(sheet.getByRole("region", { name: "Anywhere" })).toContainText("Search box/");
  await expect(sheet.getByRole("region", { name: "In the editor" })).toContainText("BoldCtrl+B");
  await expect(sheet.getByRole("region", { name: "In the editor" })).toContainText("Insert clause positionCtrl+Alt+C");
  await expect(sheet.getByRole("button", { name: "Close" })).toBeFocused();

  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();
  await expect(mandates).toBeFocused();

  // Typed into a field, "?" is just a character.
  await page.getByRole("searchbox", { name: "Quick search" }).fill("");
  await page.getByRole("searchbox", { name: "Quick search" }).press("?");
  await expect(sheet).toBeHidden();
  await expect(page.getByRole("searchbox", { name: "Quick search" })).toHaveValue("?");
});

test("The command palette's key hint reads Ctrl K, ⌘K on a Mac, and is not shown on a touch screen", async ({ page, server, browser }) => {
  await signInAsAdmin(page, server);
  await page.goto("/library");
  await expect(page.locator("#global-search-hint")).toHaveText("Ctrl K");
  const cookies = await page.context().cookies();

  const mac = await browser.newContext({ baseURL: server.url });
  await mac.addCookies(cookies);
  await mac.addInitScript(() => Object.defineProperty(Navigator.prototype, "platform", { get: () => "MacIntel" }));
  const macPage = await mac.newPage();
  await macPage.goto("/library");
  await expect(macPage.locator("#global-search-hint")).toHaveText("⌘K");
  await macPage.keyboard.press("?");
  await expect(macPage.getByRole("dialog", { name: "Keyboard shortcuts" })).toContainText("Bold⌘B");
  await mac.close();

  const touch = await browser.newContext({ baseURL: server.url, hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
  await touch.addCookies(cookies);
  const touchPage = await touch.newPage();
  await touchPage.goto("/library");
  await expect(touchPage.getByRole("search", { name: "Quick search" })).toBeVisible();
  await expect(touchPage.locator("#global-search-hint")).toBeHidden();
  await touch.close();
});
