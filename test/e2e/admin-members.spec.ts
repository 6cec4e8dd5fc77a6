// Members, end to end: an admin changes a member's role and removes them from the Admin page,
// and is told why the organisation's last admin cannot be demoted; client organisations are
// created explicitly, two may share a name, and invitations pick one by id.
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { invite, inviteEditor } from "./support/invite.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

test("An admin changes a member's role, removes them, and cannot demote the last admin", async ({ page, server, browser }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, server);
  const member = await inviteEditor(page, browser, server, "mia@members.example", "Mia Member");

  await page.goto("/admin");
  const members = page.getByRole("region", { name: /^Members of/ });
  const row = members.getByRole("row").filter({ hasText: "mia@members.example" });
  await row.getByLabel("Role of Mia Member", { exact: true }).selectOption("VIEWER");
  await row.getByRole("button", { name: "Change" }).click();
  // Confirmed in a toast, seen wherever the member's row is on the page.
  await expect(page.getByRole("region", { name: "Messages (F8)" })).toContainText("Role changed.");
  await expect(row.getByLabel("Role of Mia Member", { exact: true })).toHaveValue("VIEWER");
  // The member's next page load reads the new role: a viewer cannot create documents.
  await member.page.goto("/library");
  await expect(member.page.getByRole("button", { name: "New document" })).toHaveCount(0);

  // The only admin cannot demote themselves: the reason is shown beside the table.
  const self = members.getByRole("row").filter({ hasText: "admin@precedent.local" });
  await self.getByLabel(/^Role of/).selectOption("EDITOR");
  await self.getByRole("button", { name: "Change" }).click();
  await expect(members.getByRole("alert")).toContainText("last admin");

  await row.getByText("Remove…").click();
  await row.getByRole("button", { name: "Yes, remove Mia Member" }).click();
  await expect(page.getByRole("region", { name: "Messages (F8)" })).toContainText("Member removed.");
  await expect(members.getByRole("row").filter({ hasText: "mia@members.example" })).toHaveCount(0);
  expect(member.errors).toEqual([]);
  await member.close();
});

test("An admin creates two client organisations of one name, renames one, and invites a client into each by id", async ({ page, server, browser }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, server);
  await page.goto("/admin");
  const clients = page.getByRole("region", { name: "Client organisations" });
  for (const slug of [/apex-ltd\)/, /apex-ltd-[a-z2-7]{6}\)/]) {
    await clients.getByLabel("Client organisation name").fill("Apex Ltd");
    await clients.getByRole("button", { name: "Create client organisation" }).click();
    await expect(clients.getByRole("status")).toContainText(slug);
  }
  const entries = clients.getByRole("listitem").filter({ hasText: /^Apex Ltd · apex-ltd/ });
  await expect(entries).toHaveCount(2);

  // The second one is renamed; its slug (and id) stay.
  const second = clients.locator("details").filter({ has: page.locator("summary", { hasText: /apex-ltd-[a-z2-7]{6}/ }) });
  await second.locator("summary").click();
  const secondSlug = (await second.locator("summary code").innerText()).trim();
  await second.getByLabel(`New name for Apex Ltd (${secondSlug})`).fill("Apex Ltd (Singapore)");
  await second.getByRole("button", { name: "Rename" }).click();
  await expect(clients.getByRole("status")).toContainText(`Renamed to Apex Ltd (Singapore) (${secondSlug}).`);

  // The invite form tells them apart by slug, member count and date; the choice is by id.
  const select = page.getByRole("region", { name: "Invite someone" });
  await select.getByLabel("Role", { exact: true }).selectOption("CLIENT");
  const options = select.getByLabel("Client organisation", { exact: true }).locator("option", { hasText: /^Apex Ltd/ });
  await expect(options).toHaveText([/^Apex Ltd · apex-ltd · 0 members · created /, new RegExp(`^Apex Ltd \\(Singapore\\) · ${secondSlug} · 0 members · created `)]);
  const [firstId, secondId] = await options.evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));

  // Each client sees which organisation they belong to in their account menu.
  const organisationOf = async (client: Page) => {
    await client.getByRole("banner").getByRole("button", { name: /^Account: / }).click();
    const text = await client.getByRole("menu").textContent();
    await client.keyboard.press("Escape");
    return text ?? "";
  };
  const one = await invite(page, browser, server, { email: "gc@apex-one.example", name: "Gina Counsel", role: "CLIENT", clientOrganizationId: firstId! });
  const first = await organisationOf(one.page);
  expect(first).toContain("Apex Ltd");
  expect(first).not.toContain("Singapore");
  const two = await invite(page, browser, server, { email: "gc@apex-two.example", name: "Sam Counsel", role: "CLIENT", clientOrganizationId: secondId! });
  expect(await organisationOf(two.page)).toContain("Apex Ltd (Singapore)");

  await page.goto("/admin");
  await expect(clients.getByRole("listitem").filter({ hasText: /^Apex Ltd · apex-ltd · 1 member/ })).toHaveCount(1);
  await clients.locator("summary", { hasText: secondSlug }).click();
  await expect(clients.getByRole("list", { name: `Members of Apex Ltd (Singapore) (${secondSlug})` })).toContainText("gc@apex-two.example");
  expect([...one.errors, ...two.errors]).toEqual([]);
  await one.close();
  await two.close();
});
