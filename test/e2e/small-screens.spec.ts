// On a phone, lists read as cards and the library's filters wait behind a button (issue 14): a
// table's columns side by side on 390 px either scroll or squeeze every title to a word a line.
import { test, expect } from "./fixtures.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

test("On a phone the library lists documents as cards, and its filters past the title box open on demand", async ({ page, server }) => {
  await signInAsAdmin(page, server);
  const created = await page.request.post("/api/v1/documents", {
    data: { kind: "PLAYBOOK", title: "Supplier onboarding playbook", markdown: "Body." },
    headers: { Origin: server.url },
  });
  expect(created.status(), await created.text()).toBe(201);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/library");

  const row = page.getByRole("row").filter({ hasText: "Supplier onboarding playbook" });
  const title = row.getByRole("cell").first();
  const kind = row.getByRole("cell").nth(1);
  await expect(kind).toContainText("Playbook");
  const [titleBox, kindBox] = [(await title.boundingBox())!, (await kind.boundingBox())!];
  expect(kindBox.y, "the kind is under the title, not beside it").toBeGreaterThanOrEqual(titleBox.y + titleBox.height - 1);
  expect(kindBox.width, "each value has the card's width").toBeGreaterThan(300);

  const filters = page.getByRole("search", { name: "Filter the library" });
  await expect(filters.getByLabel("Title contains")).toBeVisible();
  await expect(filters.getByLabel("Kind")).toBeHidden();
  await filters.getByRole("button", { name: "More filters" }).click();
  await filters.getByLabel("Kind").selectOption("PLAYBOOK");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/kind=PLAYBOOK/);
  // Filters already set: the fields stay shown, and the button says how many.
  await expect(filters.getByLabel("Kind")).toBeVisible();
  await expect(filters.getByRole("button", { name: "Fewer filters" })).toHaveAttribute("aria-expanded", "true");

  // At a laptop's width it is a table again, with every filter shown and no toggle.
  await page.setViewportSize({ width: 1280, height: 800 });
  const [titleWide, kindWide] = [(await title.boundingBox())!, (await kind.boundingBox())!];
  expect(kindWide.x, "the kind is beside the title").toBeGreaterThan(titleWide.x + titleWide.width - 1);
  await expect(filters.getByRole("button", { name: /filters$/ }).filter({ hasText: /More|Fewer/ })).toBeHidden();
});
