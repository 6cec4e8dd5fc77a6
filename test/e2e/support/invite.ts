import { expect, type Browser, type Page } from "@playwright/test";
import type { RunningServer } from "./server.ts";

/** An invitation made by the admin on /admin, accepted in a browser context of its own. */
export async function inviteEditor(admin: Page, browser: Browser, server: RunningServer, email: string, name: string) {
  await admin.goto("/admin");
  await admin.getByLabel("Email").fill(email);
  await admin.getByLabel("Role", { exact: true }).selectOption("EDITOR");
  await admin.getByRole("button", { name: "Create invitation link" }).click();
  const link = await admin.getByRole("textbox", { name: `Invitation for ${email}` }).inputValue();
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(link);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Join and sign in" }).click();
  await expect(page).not.toHaveURL(/\/invite\//);
  return { page, errors, close: () => context.close() };
}
