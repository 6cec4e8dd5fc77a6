// Search, end to end: what an editor types in the browser is found by the search page within
// two seconds, and a hit opens the document.
import { test, expect } from "./fixtures.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

test("Words typed in a document are found by the search page within two seconds", async ({ page, server }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, server);

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
  // Typing before the page is hydrated searches nothing: type again until the page answers.
  await expect(async () => {
    await box.fill("");
    await box.fill("quetzalprotect");
    await expect(search.getByRole("heading", { name: "No results for “quetzalprotect”" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

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

  // Partial matching (issue 18): a hit holding most of the words says which one it misses.
  await box.fill("quetzalprotect indemnity survives xylophonequartz");
  await expect(hit.getByText("Missing: xylophonequartz")).toBeVisible();

  // A filter that hides every result is named, with a link that clears it.
  await search.goto("/search?q=quetzalprotect&kind=TEMPLATE");
  await search.getByRole("link", { name: "clear kind" }).click();
  await expect(search.getByRole("link", { name: /Indemnity precedent/ })).toBeVisible();
  await expect(search).toHaveURL(/\/search\?q=quetzalprotect$/);

  // Keyboard: back to the word, ↓ into the results, Enter opens the document.
  await box.fill("quetzalprotect");
  await expect(hit).toBeVisible();
  await box.press("ArrowDown");
  await expect(hit).toBeFocused();
  await search.keyboard.press("Enter");
  await expect(search).toHaveURL(new RegExp(`${documentPath}$`));

  // The shell's box: "/" focuses it, Enter searches.
  // Shortcuts work once the page is hydrated: a key pressed before that does nothing, so try again until then.
  const quick = search.getByRole("searchbox", { name: "Quick search" });
  await expect(async () => {
    await search.keyboard.press("/");
    await expect(quick).toBeFocused({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await quick.fill("quetzalprotect");
  await quick.press("Enter");
  await expect(search).toHaveURL(/\/search\?q=quetzalprotect/);
  await expect(search.getByRole("link", { name: /Indemnity precedent/ })).toBeVisible();
});

test("Facets narrow the results, the scope switch finds the clause, and a clause hit opens the document scrolled to it", async ({ page, server }) => {
  test.setTimeout(120_000);
  const admin = server.admin!;
  await page.goto("/login");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);

  // Two documents through the JSON API as the signed-in user; the playbook's clause sits below
  // a long introduction, so opening it must scroll.
  const intro = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of the introduction to supply terms.`).join("\n\n");
  const create = async (data: Record<string, unknown>) => {
    const response = await page.request.post("/api/v1/documents", { data, headers: { Origin: server.url } });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { document: { id: string } }).document.id;
  };
  const playbookId = await create({
    kind: "PLAYBOOK",
    title: "Pangolin supply playbook",
    practiceArea: "Commercial",
    markdown: `# Supply terms\n\n${intro}\n\n:::clause {id="pangolin-cap" name="Pangolin liability cap"}\n\n:::preferred\n\nCap at the fees paid in the previous twelve months.\n\n:::\n\n:::\n`,
  });
  await create({ kind: "PRECEDENT", title: "Pangolin employment precedent", practiceArea: "Employment", markdown: "Notice periods for pangolin staff." });

  await page.goto("/search?q=pangolin");
  const results = page.locator("#search-results > li");
  await expect(async () => {
    await page.reload();
    await expect(results).toHaveCount(2, { timeout: 500 });
  }).toPass({ timeout: 5_000 });

  // A facet with its count narrows the results and the address; clearing it brings them back.
  const employment = page.getByRole("group", { name: "Practice area" }).getByRole("checkbox", { name: /Employment/ });
  await expect(page.getByRole("group", { name: "Practice area" }).getByLabel("1 results")).toHaveCount(2);
  await employment.check();
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText("Pangolin employment precedent");
  await expect(page).toHaveURL(/practiceArea=Employment/);
  await employment.uncheck();
  await expect(results).toHaveCount(2);

  // Clauses and sections: the clause itself, in its document.
  await page.getByLabel("Search the library").fill("pangolin liability");
  await page.getByRole("radio", { name: "Clauses and sections" }).check();
  const clauseHit = page.getByRole("link", { name: /Pangolin liability cap.*in Pangolin supply playbook/ });
  await expect(clauseHit).toBeVisible();
  await expect(page).toHaveURL(/scope=clauses/);

  await clauseHit.click();
  await expect(page).toHaveURL(new RegExp(`/documents/${playbookId}#clause-pangolin-cap$`));
  const clause = page.locator('[data-clause-id="pangolin-cap"]');
  await expect(clause).toHaveAttribute("data-search-target", "");
  await expect(clause).toBeInViewport();
});
