// Issue 15, checklists: an editor builds a checklist from the toolbar (Enter for a new item,
// Tab to nest) and ticks an item; a viewer in another browser sees the tick live and cannot
// tick anything.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { startServer, type RunningServer } from "./support/server.ts";
import { userCreate } from "./support/user-create.ts";

const EDITOR = { email: "cara.checklist@firm.example", password: "cara's long passphrase", name: "Cara Checklist" };
const VIEWER = { email: "val.viewer@firm.example", password: "val's long passphrase", name: "Val Viewer" };

let dataDir: string;
let server: RunningServer | undefined;

test.beforeAll(async () => {
  test.setTimeout(360_000);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-e2e-checklists-"));
  for (const [user, role] of [
    [EDITOR, "EDITOR"],
    [VIEWER, "VIEWER"],
  ] as const) {
    const created = await userCreate(["--email", user.email, "--password", user.password, "--role", role, "--name", user.name], dataDir);
    expect(created.code, created.stdout + created.stderr).toBe(0);
  }
  server = await startServer({ dataDir });
});

test.afterAll(async ({}, testInfo) => {
  if (server) {
    fs.mkdirSync(testInfo.project.outputDir, { recursive: true });
    fs.writeFileSync(path.join(testInfo.project.outputDir, "checklists-server.log"), server.log());
    await server.stop();
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(browser: Browser, user: { email: string; password: string }, errors: string[]) {
  const context = await browser.newContext({ baseURL: server!.url });
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(`${user.email} pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(`${user.email} console.error: ${message.text()}`);
  });
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  return { context, page };
}

const body = (page: Page) => page.getByRole("textbox", { name: "Document body" });

test("An editor ticks a checklist item and a viewer sees it ticked live, without being able to tick", async ({ browser }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  try {
    const editor = await signIn(browser, EDITOR, errors);
    contexts.push(editor.context);
    await editor.page.goto("/library/new");
    await editor.page.getByLabel("Title").fill("Client onboarding toolkit");
    await editor.page.getByRole("button", { name: /create/i }).click();
    await expect(editor.page).toHaveURL(/\/documents\/[^/?#]+/);
    const documentUrl = new URL(editor.page.url()).pathname;

    // A checklist from the toolbar: Enter makes the next item, Tab nests it under the one before.
    await body(editor.page).click();
    await editor.page.getByRole("button", { name: "Checklist", exact: true }).click();
    await expect(editor.page.getByRole("button", { name: "Checklist", exact: true })).toHaveAttribute("aria-pressed", "true");
    await editor.page.keyboard.insertText("Record the client's business objective");
    await editor.page.keyboard.press("Enter");
    await editor.page.keyboard.insertText("Confirm the fee basis");
    await editor.page.keyboard.press("Enter");
    await editor.page.keyboard.press("Tab");
    await editor.page.keyboard.insertText("Engagement letter signed");
    const nested = body(editor.page).locator('ul[data-type="taskList"] ul[data-type="taskList"] > li');
    await expect(nested).toHaveCount(1);
    await expect(nested).toContainText("Engagement letter signed");

    const viewer = await signIn(browser, VIEWER, errors);
    contexts.push(viewer.context);
    await viewer.page.goto(documentUrl);
    const viewerBox = viewer.page.getByRole("checkbox", { name: "Confirm the fee basis" });
    await expect(viewerBox).not.toBeChecked();
    await expect(viewerBox).toBeDisabled();
    await expect(viewer.page.getByRole("checkbox")).toHaveCount(3);

    // The editor ticks an item: the viewer sees it ticked.
    const editorBox = editor.page.getByRole("checkbox", { name: "Confirm the fee basis" });
    await expect(editorBox).toBeEnabled();
    await editorBox.check();
    await expect(editorBox).toBeChecked();
    await expect(viewerBox).toBeChecked();
    await expect(editor.page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

    // The viewer cannot tick: the box is disabled, and a forced click changes nothing anywhere.
    const viewerOther = viewer.page.getByRole("checkbox", { name: "Record the client's business objective" });
    await expect(viewerOther).toBeDisabled();
    await viewerOther.click({ force: true });
    await viewer.page.waitForTimeout(500);
    await expect(viewerOther).not.toBeChecked();
    await expect(editor.page.getByRole("checkbox", { name: "Record the client's business objective" })).not.toBeChecked();

    // Unticking syncs too.
    await editorBox.uncheck();
    await expect(viewerBox).not.toBeChecked();
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
  }
  expect(errors, "errors in the browser console").toEqual([]);
});
