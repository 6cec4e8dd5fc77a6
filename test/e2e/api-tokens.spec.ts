// API tokens, end to end: a token made on the API tokens page can be given a lifetime, shows
// when it expires, and signing out everywhere revokes it with the sessions.
import { test, expect } from "./fixtures.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

test("A user creates an API token that expires in 30 days, and signing out everywhere revokes it", async ({ page, server }) => {
  test.setTimeout(90_000);
  await signInAsAdmin(page, server);
  await page.goto("/settings/tokens");
  await page.getByLabel("Token name").fill("Intake script");
  await page.getByLabel("Expires").selectOption("30");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = await page.getByRole("textbox", { name: "Token “Intake script”" }).inputValue();
  await expect(page.getByText(/It expires \d+ \w+ \d{4}/)).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "Intake script" });
  const expires = new Date(Date.now() + 30 * 24 * 3600_000).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  await expect(row.getByRole("cell").nth(4)).toContainText(expires);

  const me = () => page.request.get(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
  expect((await me()).status()).toBe(200);

  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login(\?|$)/);
  expect((await me()).status()).toBe(401);
});
