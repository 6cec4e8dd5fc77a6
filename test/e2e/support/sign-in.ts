import type { Browser, Page } from "@playwright/test";
import { expect } from "../fixtures.ts";
import type { RunningServer } from "./server.ts";

/** Signs in through the login page as the admin the server's first start printed. */
export async function signInAsAdmin(page: Page, server: RunningServer) {
  const admin = server.admin!;
  expect(admin, `the first start prints an admin sign-in\n${server.log()}`).toBeDefined();
  await page.goto("/login");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
}

/** Signs `email` in through the login page in a browser context of its own; page errors are collected. */
export async function signInInNewContext(browser: Browser, server: RunningServer, email: string, password: string) {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  return { page, errors, close: () => context.close() };
}
