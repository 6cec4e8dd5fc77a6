// An address no route has: for a signed-in person a Not found page inside the app shell, its
// navigation still there, answered 404; and the server does not log it as an error (issue 14).
import { test, expect } from "./fixtures.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

test("A signed-in person's unknown address is a 404 inside the app shell, not an error in the log", async ({ page, server }) => {
  await signInAsAdmin(page, server);
  const logBefore = server.log().length;
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  await expect(page.getByText("There is nothing at this address.")).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeVisible();
  await expect(page.getByRole("search", { name: "Quick search" })).toBeVisible();

  // The shell works from there: its navigation leads back into the app.
  await nav.getByRole("link", { name: "Mandates" }).click();
  await expect(page).toHaveURL(/\/mandates$/);

  const logged = server.log().slice(logBefore);
  expect(logged).not.toMatch(/No route matches|ERROR|\n\s+at /);
});
