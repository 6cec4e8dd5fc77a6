// Search, end to end: what an editor types in the browser is found by the search page within
// two seconds, and a hit opens the document.
import { test, expect } from "./fixtures.ts";

test("Words typed in a document are found by the search page within two seconds", async ({ page, server }) => {
  test.setTimeout(120_000);
  const admin = server.admin!;
  expect(admin, `the first start prints an admin sign-in\n${server.log()}`).toBeDefined();
  await page.goto("/login");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);

  // Before any query: the search page says what to do.
  await page.goto("/search");
  await expect(page.getByRole("heading", { name: "Type to search" })).toBeVisible();

  await page.goto("/library/new");
  await page.getByLabel("Title").fill("Indemnity precedent");
  await page.getByRole("button", { name: /create/i }).click();
  await expect(page).toHaveURL(/\/documents\/[^/?#]+/);
  const documentPath = new URL(page.url()).pathname;

  // A second tab, open and ready, as a colleague would search.
  const search = await page.context().newPage();
  await search.goto("/search");
  const box = search.getByLabel("Search the library");
  const hit = search.getByRole("link", { name: /Indemnity precedent/ });
  await box.fill("quetzalprotect");
  await expect(search.getByRole("heading", { name: "No results for “quetzalprotect”" })).toBeVisible();

  const body = page.getByRole("textbox", { name: "Document body" });
  await body.click();
  await page.keyboard.insertText("The quetzalprotect indemnity survives termination.");
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  const saved = Date.now();

  // Searching again (as typing does) finds the new words within two seconds of the edit being saved.
  await expect(async () => {
    await box.fill("quetzalprotec");
    await box.fill("quetzalprotect");
    await expect(hit).toBeVisible({ timeout: 400 });
  }).toPass({ timeout: 2_000, intervals: [0] });
  expect(Date.now() - saved).toBeLessThan(2_000);
  await expect(hit.locator("mark")).toContainText("quetzalprotect");
  await expect(search).toHaveURL(/\/search\?q=quetzalprotect/);

  // A word nobody wrote: a clear empty state.
  await box.fill("xylophonequartz");
  await expect(search.getByRole("heading", { name: "No results for “xylophonequartz”" })).toBeVisible();

  // Keyboard: back to the word, ↓ into the results, Enter opens the document.
  await box.fill("quetzalprotect");
  await expect(hit).toBeVisible();
  await box.press("ArrowDown");
  await expect(hit).toBeFocused();
  await search.keyboard.press("Enter");
  await expect(search).toHaveURL(new RegExp(`${documentPath}$`));

  // The shell's box: Ctrl+K focuses it, Enter searches.
  await search.keyboard.press("Control+k");
  const quick = search.getByRole("searchbox", { name: "Quick search" });
  await expect(quick).toBeFocused();
  await quick.fill("quetzalprotect");
  await quick.press("Enter");
  await expect(search).toHaveURL(/\/search\?q=quetzalprotect/);
  await expect(search.getByRole("link", { name: /Indemnity precedent/ })).toBeVisible();
});
