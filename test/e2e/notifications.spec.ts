// Notifications, end to end (ADR 019): an overdue review found when the server starts shows as
// an unread count on the bell; the inbox lists it and marks it read; the mail is written to the
// server's log (no SMTP_URL); someone with nothing to be told sees the empty state.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { ROOT, startServer, type RunningServer } from "./support/server.ts";

const PASSWORD = "a long enough passphrase";

/** support/notifications-seed.ts on a stopped data folder: the overdue playbook's id. */
function seed(dataDir: string) {
  return new Promise<string>((resolve, reject) => {
    execFile(
      path.join(ROOT, "node_modules/.bin/tsx"),
      ["test/e2e/support/notifications-seed.ts"],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", MEILI_HOST: "" }, timeout: 240_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`seeding failed: ${error.message}\n${stdout}\n${stderr}`));
        const last = stdout.trim().split("\n").at(-1) ?? "";
        resolve((JSON.parse(last) as { documentId: string }).documentId);
      },
    );
  });
}

async function signIn(browser: Browser, server: RunningServer, email: string) {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  return { page, errors, close: () => context.close() };
}

test("The bell counts an overdue review found at start; the inbox lists it and marks it read", async ({ browser }) => {
  test.setTimeout(420_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-e2e-notify-"));
  let server: RunningServer | undefined;
  try {
    const documentId = await seed(dataDir);
    server = await startServer({ dataDir });
    const owner = await signIn(browser, server, "olivia@notify.example");
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
    const viewer = await signIn(browser, server, "vera@notify.example");
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
