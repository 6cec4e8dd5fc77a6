// Issue 11, "Devices": the offline copies of documents the editor keeps in IndexedDB leave the
// browser on sign-out, on sign-out-everywhere, and when the server says access ended.
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { inviteEditor } from "./support/invite.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

const PREFIX = "precedent-doc-";

/** The names of this browser's offline copies of documents. */
function localCopies(page: Page): Promise<string[]> {
  return page.evaluate(async (prefix) => (await indexedDB.databases()).map((db) => db.name ?? "").filter((name) => name.startsWith(prefix)), PREFIX);
}

async function createDocument(page: Page, origin: string, title: string): Promise<string> {
  const created = await page.request.post("/api/v1/documents", {
    data: { kind: "PLAYBOOK", title, markdown: `# ${title}\n\nCap liability at the fees paid.` },
    headers: { Origin: origin },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { document: { id: string } }).document.id;
}

/** Opens the document and waits until the editor has stored its copy in IndexedDB. */
async function openDocument(page: Page, id: string) {
  await page.goto(`/documents/${id}`);
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await expect.poll(() => localCopies(page)).toContainEqual(expect.stringMatching(new RegExp(`-${id}$`)));
}

test("Signing out removes the offline copies of documents from the browser", async ({ page, server }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, server);
  const first = await createDocument(page, server.url, "Indemnities playbook");
  const second = await createDocument(page, server.url, "Warranties playbook");
  await openDocument(page, first);
  await openDocument(page, second);
  expect(await localCopies(page)).toHaveLength(2);

  // Signed out with the editor still open on the second document.
  await page.getByRole("button", { name: /^Account: / }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect.poll(() => localCopies(page)).toEqual([]);
});

test("Signing out everywhere removes the offline copies of documents from the browser", async ({ page, server }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, server);
  const id = await createDocument(page, server.url, "Confidentiality playbook");
  await openDocument(page, id);

  await page.goto("/settings/tokens");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect.poll(() => localCopies(page)).toEqual([]);
});

test("A member removed while a document is open loses its offline copy, and the next document they open answers 404 and is removed too", async ({
  page,
  server,
  browser,
}) => {
  test.setTimeout(180_000);
  await signInAsAdmin(page, server);
  const open = await createDocument(page, server.url, "Termination playbook");
  const visited = await createDocument(page, server.url, "Governing law playbook");
  const member = await inviteEditor(page, browser, server, "rae@devices.example", "Rae Removed");
  await openDocument(member.page, visited);
  await openDocument(member.page, open);
  expect(await localCopies(member.page)).toHaveLength(2);

  await page.goto("/admin");
  const row = page.getByRole("region", { name: /^Members of/ }).getByRole("row").filter({ hasText: "rae@devices.example" });
  await row.getByText("Remove…").click();
  await row.getByRole("button", { name: "Yes, remove Rae Removed" }).click();
  await expect(page.getByRole("region", { name: "Messages (F8)" })).toContainText("Member removed.");

  // The sync socket closes with AuthorizationChanged: the open document's copy goes, and the page says why.
  await expect(member.page.getByRole("alert")).toContainText("Your access to this document has changed.");
  await expect.poll(() => localCopies(member.page)).toEqual([expect.stringMatching(new RegExp(`-${visited}$`))]);

  // The other document's page now refuses them: its copy goes too.
  const response = await member.page.goto(`/documents/${visited}`);
  expect([403, 404]).toContain(response?.status());
  await expect.poll(() => localCopies(member.page)).toEqual([]);
  expect(member.errors).toEqual([]);
  await member.close();
});
