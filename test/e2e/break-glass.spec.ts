// Client confidentiality, end to end (ADR 013): an admin on none of a client's teams sees the
// mandate listed, opens it through the break-glass step with a reason, and then sees it; the
// Admin page walls a member off from the client and lifts the wall again.
import { test, expect } from "./fixtures.ts";
import { createClientOrganization, inviteEditor } from "./support/invite.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

test("An admin off the team breaks the glass with a reason to open a client's mandate, and walls a member off the client", async ({ page, server, browser }) => {
  test.setTimeout(180_000);
  await signInAsAdmin(page, server);

  // The client organisation, created on Admin.
  const clientId = await createClientOrganization(page, "Apex Holdings");

  // An editor opens the mandate: they are its PM; the admin is on no team of Apex.
  const pm = await inviteEditor(page, browser, server, "pia@apex.example", "Pia PM");
  const created = await pm.page.request.post("/api/v1/mandates", {
    data: { clientOrganizationId: clientId, title: "Apex supply agreements", reference: "APX-1", pricingModel: "CAPPED", currency: "EUR", budget: "10,000", startDate: "2026-01-05" },
    headers: { Origin: server.url },
  });
  expect(created.status()).toBe(201);
  const mandateId = ((await created.json()) as { mandate: { id: string } }).mandate.id;
  await pm.close();

  // An editor on none of Apex's teams: no page shows anything of it, and no break-glass is offered.
  const off = await inviteEditor(page, browser, server, "otto@firm.example", "Otto Off");
  for (const path of ["/mandates", "/library", "/dashboard", "/search?q=Apex"]) {
    await off.page.goto(path);
    await expect(off.page.locator("main")).toBeVisible();
    await expect(off.page.locator("body")).not.toContainText("Apex supply agreements");
  }
  const response = await off.page.goto(`/mandates/${mandateId}`);
  expect(response?.status()).toBe(404);
  await expect(off.page.locator("body")).not.toContainText("Apex supply agreements");
  await expect(off.page.getByRole("region", { name: /Break glass/ })).toHaveCount(0);
  await off.close();

  await page.goto("/mandates");
  const row = page.getByRole("row").filter({ hasText: "Apex supply agreements" });
  await expect(row.getByText("Break glass to open")).toBeVisible();
  await row.getByRole("link", { name: "Apex supply agreements" }).click();

  const step = page.getByRole("region", { name: /Break glass to open Apex supply agreements/ });
  await expect(step).toBeVisible();
  await expect(step).toContainText("Apex Holdings");
  await expect(step).toContainText("recorded");
  await step.getByLabel("Why do you need to open it?").fill("Apex's GC needs the supply terms tonight; the PM is away.");
  await step.getByRole("button", { name: "Break glass and open" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Apex supply agreements" })).toBeVisible();
  await expect(page.getByRole("region", { name: /Break glass/ })).toHaveCount(0);

  // Walls: Pia is walled off from Apex, listed, then the wall is lifted with a reason.
  await page.goto("/admin");
  const walls = page.getByRole("region", { name: "Ethical walls" });
  await walls.getByLabel("Member", { exact: true }).selectOption({ label: "Pia PM (pia@apex.example)" });
  await walls.getByLabel("Client", { exact: true }).selectOption(clientId!);
  await walls.getByLabel("Reason", { exact: true }).fill("Pia acts for Apex's counterparty in another matter.");
  await walls.getByRole("button", { name: "Create wall" }).click();
  await expect(walls.getByRole("status")).toContainText("Wall created");
  const wallRow = walls.getByRole("row").filter({ hasText: "pia@apex.example" });
  await expect(wallRow).toContainText("Pia acts for Apex's counterparty");
  await wallRow.getByText("Lift…").click();
  await wallRow.getByLabel("Why lift the wall between Pia PM and Apex Holdings?").fill("The other matter has closed.");
  await wallRow.getByRole("button", { name: "Lift the wall" }).click();
  await expect(walls.getByRole("status")).toContainText("Wall lifted.");
  await expect(wallRow).toContainText("The other matter has closed.");

  // The worker's server is shared with the next specs: the mandate, never started, goes again.
  const deleted = await page.request.delete(`/api/v1/mandates/${mandateId}`, { headers: { Origin: server.url } });
  expect(deleted.status()).toBe(204);
});
