import type { Page } from "@playwright/test";
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
