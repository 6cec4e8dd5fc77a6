// Notifications, end to end (ADR 019): an overdue review found when the server starts shows as
// an unread count on the bell; the inbox lists it and marks it read; the mail is written to the
// server's log (no SMTP_URL); someone with nothing to be told sees the empty state.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "./fixtures.ts";
import { runSeedScript } from "./support/seed.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { signInInNewContext } from "./support/sign-in.ts";

const PASSWORD = "a long enough passphrase";

test("The bell counts an overdue review found at start; the inbox lists it and marks it read", async ({ browser }) => {
  test.setTimeout(420_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-e2e-notify-"));
  let server: RunningServer | undefined;
  try {
    const documentId = (await runSeedScript<{ documentId: string }>("test/e2e/support/notifications-seed.ts", dataDir)).documentId;
    server = await startServer({ dataDir });
    const owner = await signInInNewContext(browser, server, "olivia@notify.example", PASSWORD);
    const page = owner.page;

    // The start-up sweep runs beside the first requests: reload until it has.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("link", { name: "Notifications, 1 unread" })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    await page.getByRole("link", { name: "Notifications, 1 unread" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
    const entry = page.getByRole("list", { name: "Notifications" }).getByRole("listitem");
    await expect(entry).toHaveCount(1);
    await expect(entry.getByRole("link", { name: "Review overdue: Notice clauses playbook" })).toHaveAttribute("href", `/documents/${documentId}`);
    await expect(entry).toContainText("Unread");

    await entry.getByRole("button", { name: "Mark as read: Review overdue: Notice clauses playbook" }).click();
    await expect(page.getByRole("link", { name: "Notifications, none unread" })).toBeVisible();
    await expect(entry).not.toContainText("Unread");
    await expect(page.getByRole("button", { name: "Mark all as read" })).toBeDisabled();

    // No SMTP_URL: the mail went to the log, to the owner, naming the document.
    await expect.poll(() => server!.log(), { timeout: 30_000 }).toMatch(/mail \(no SMTP_URL[^\n]*olivia@notify\.example[^\n]*Review overdue: Notice clauses playbook/);

    // Someone with nothing to be told sees what the inbox is for.
    const viewer = await signInInNewContext(browser, server, "vera@notify.example", PASSWORD);
    await viewer.page.getByRole("link", { name: "Notifications, none unread" }).click();
    await expect(viewer.page.getByRole("heading", { name: "No notifications" })).toBeVisible();
    expect([...owner.errors, ...viewer.errors]).toEqual([]);
    await owner.close();
    await viewer.close();
  } finally {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
