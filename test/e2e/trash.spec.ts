// The trash and legal holds (ADR 021): deleting a document moves it to the trash, where it can be
// found and restored with its content; an admin places a client's legal hold and lifts it.
import { test, expect } from "./fixtures.ts";
import { createClientOrganization } from "./support/invite.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

test("Users can delete a document, find it in the Trash and restore it", async ({ page, server }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, server);
  const created = await page.request.post("/api/v1/documents", {
    data: { kind: "PLAYBOOK", title: "Trash round trip playbook", markdown: "# Scope\n\nThe restored clause." },
    headers: { Origin: server.url },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { document } = (await created.json()) as { document: { id: string } };

  await page.goto(`/documents/${document.id}?panel=details`);
  await page.getByRole("button", { name: "Delete…" }).click();
  const confirm = page.getByRole("group", { name: "Confirm deletion" });
  await expect(confirm).toContainText("restored, with its versions and links, for 30 days");
  await confirm.getByRole("button", { name: "Yes, delete it" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Trash" })).toBeVisible();
  const row = page.getByRole("row", { name: /Trash round trip playbook/ });
  await expect(row).toContainText("30 days");
  const gone = await page.request.get(`/api/v1/documents/${document.id}`);
  expect(gone.status()).toBe(404);

  await row.getByRole("button", { name: "Restore Trash round trip playbook" }).click();
  await expect(page.getByRole("status")).toContainText("Restored: Trash round trip playbook");
  await expect(page.getByRole("row", { name: /Trash round trip playbook/ })).toHaveCount(0);
  await page.getByRole("status").getByRole("link", { name: "Trash round trip playbook" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Trash round trip playbook" })).toBeVisible();
  await expect(page.getByText("The restored clause.")).toBeVisible();

  // Leave nothing in the library for other specs' empty states. The page leaves the document first:
  // a delete closes its open editor's socket, whose reconnect would meet a 404 (a console error).
  await page.goto("/library");
  const deleted = await page.request.delete(`/api/v1/documents/${document.id}`, { headers: { Origin: server.url } });
  expect(deleted.status()).toBe(204);
});

test("Admins place a legal hold on a client from its page, and lift it with a reason", async ({ page, server }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, server);
  const clientId = await createClientOrganization(page, "Holdfast Retail");

  await page.goto(`/clients/${clientId}/access`);
  const panel = page.getByRole("region", { name: "Legal hold" });
  await expect(panel).toContainText("No legal hold is in force.");
  // Without a reason nothing is placed.
  await panel.getByRole("button", { name: "Place a legal hold" }).click();
  await expect(panel).toContainText("No legal hold is in force.");

  await panel.getByLabel("Reason for the hold").fill("Claim threatened by Holdfast's former supplier: preserve everything.");
  await panel.getByRole("button", { name: "Place a legal hold" }).click();
  await expect(page.getByText("Legal hold placed")).toBeVisible();
  await expect(panel.getByRole("listitem")).toContainText("In force");
  await expect(panel.getByRole("listitem")).toContainText("preserve everything");

  await panel.getByLabel("Why lift it").fill("Claim settled.");
  await panel.getByRole("button", { name: "Lift the hold" }).click();
  await expect(page.getByText("Legal hold lifted.")).toBeVisible();
  await expect(panel.getByRole("listitem")).toContainText("Lifted");
  await expect(panel.getByRole("listitem")).toContainText("Claim settled.");
});
