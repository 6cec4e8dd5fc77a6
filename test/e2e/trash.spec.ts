// The trash (ADR 021): deleting a document moves it to the trash, where it can be found and
// restored with its content.
import { test, expect } from "./fixtures.ts";
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

  await page.goto(`/documents/${document.id}`);
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

  // Leave nothing in the library for other specs' empty states.
  const deleted = await page.request.delete(`/api/v1/documents/${document.id}`, { headers: { Origin: server.url } });
  expect(deleted.status()).toBe(204);
});
