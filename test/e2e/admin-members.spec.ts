// Members, end to end: an admin changes a member's role and removes them from the Admin page,
// and is told why the organisation's last admin cannot be demoted.
import { test, expect } from "./fixtures.ts";
import { inviteEditor } from "./support/invite.ts";
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
  await expect(members.getByRole("status")).toContainText("Role changed.");
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
  await expect(members.getByRole("status")).toContainText("Member removed.");
  await expect(members.getByRole("row").filter({ hasText: "mia@members.example" })).toHaveCount(0);
  expect(member.errors).toEqual([]);
  await member.close();
});
