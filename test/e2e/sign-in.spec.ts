import { test, expect } from "./fixtures.ts";

test.describe("first start", () => {
  test("A new install serves sign-in and the printed admin can sign in", async ({ page, server }) => {
    expect(server.admin, `the first start prints an admin sign-in\n${server.log()}`).toBeDefined();
    const admin = server.admin!;
    expect(admin.email).toBe("admin@precedent.local");

    await page.goto("/");
    await expect(page).toHaveURL(/\/login(\?|$)/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).not.toHaveURL(/\/login(\?|$)/);
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Library", "Search", "Mandates", "Admin"]) {
      await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
    }
    const header = page.getByRole("banner");
    await expect(header.getByText(admin.email)).toBeVisible();
    await expect(header.getByText("Demo Admin")).toBeVisible();
  });

  test("A wrong password shows an announced error and stays on sign-in", async ({ page, server }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(server.admin?.email ?? "admin@precedent.local");
    await page.getByLabel("Password").fill("not-the-printed-password");
    await page.getByRole("button", { name: "Sign in" }).click();

    const alert = page.getByRole("alert");
    await expect(alert).toBeVisible();
    await expect(alert).toHaveText(/\S/);
    await expect(page).toHaveURL(/\/login(\?|$)/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("navigation")).toHaveCount(0);
  });
});
