// Issue 3, "Done when": two people on one document in two browsers — an editor and a viewer.
// Text and a clause position typed by the editor appear for the viewer, the viewer cannot type,
// and each sees both in "People here".
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { userCreate } from "./support/user-create.ts";

const EDITOR = { email: "erin.editor@firm.example", password: "erin's long passphrase", name: "Erin Editor" };
const VIEWER = { email: "vic.viewer@firm.example", password: "vic's long passphrase", name: "Vic Viewer" };

let dataDir: string;
let server: RunningServer | undefined;

test.beforeAll(async () => {
  test.setTimeout(360_000); // two database opens by tsx and a first server start: slow on a busy machine
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-e2e-collab-"));
  // Users are added before the server starts (one process per embedded database); the first
  // user:create also migrates the new database and creates the provider organisation.
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
    fs.writeFileSync(path.join(testInfo.project.outputDir, "collaboration-server.log"), server.log());
    await server.stop();
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A signed-in browser context of its own (own cookies, own IndexedDB), failing on page errors. */
async function signIn(browser: Browser, user: { email: string; password: string }, errors: string[]) {
  const context = await browser.newContext({ baseURL: server!.url });
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(`${user.email} pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      errors.push(`${user.email} console.error: ${message.text()}`);
    }
  });
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  return { context, page };
}

/** Creates a document from the library's New document form, as a person would; the page ends on it. */
async function createDocument(page: Page, title: string) {
  await page.goto("/library/new");
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: /create/i }).click();
  await expect(page).toHaveURL(/\/documents\/[^/?#]+/);
}

const body = (page: Page) => page.getByRole("textbox", { name: "Document body" });
const people = (page: Page) => page.getByRole("list", { name: "People here" });

test("An editor and a viewer see each other's presence and the editor's changes live; the viewer cannot type", async ({ browser }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  try {
    const editor = await signIn(browser, EDITOR, errors);
    contexts.push(editor.context);
    await createDocument(editor.page, "Supply agreement playbook");
    const documentUrl = new URL(editor.page.url()).pathname;

    const viewer = await signIn(browser, VIEWER, errors);
    contexts.push(viewer.context);
    await viewer.page.goto(documentUrl);

    // Both are here, and each list shows both people.
    for (const { page } of [editor, viewer]) {
      await expect(body(page)).toBeVisible();
      await expect(people(page).getByRole("listitem")).toHaveCount(2);
      await expect(people(page)).toContainText(EDITOR.name);
      await expect(people(page)).toContainText(VIEWER.name);
    }

    // The viewer's page says so and offers no toolbar.
    await expect(viewer.page.getByText("Read only", { exact: true })).toBeVisible();
    await expect(viewer.page.getByRole("toolbar", { name: "Formatting" })).toHaveCount(0);
    await expect(body(editor.page)).toHaveAttribute("contenteditable", "true");
    await expect(editor.page.getByText("Read only", { exact: true })).toHaveCount(0);

    // Text typed by the editor appears for the viewer.
    await body(editor.page).click();
    await editor.page.keyboard.type("Cap liability ");
    await editor.page.keyboard.insertText("at twelve months' fees.");
    await expect(body(viewer.page)).toContainText("Cap liability at twelve months' fees.");
    await expect(editor.page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

    // A clause position added by the editor appears for the viewer, name and parts included.
    await editor.page.keyboard.press("Enter");
    await editor.page.getByRole("button", { name: "Insert clause position" }).click();
    await expect(editor.page.getByLabel("Clause name")).toBeFocused();
    await editor.page.keyboard.type("Limitation of liability");
    await editor.page.keyboard.press("Enter");
    await editor.page.keyboard.insertText("Twelve months' fees.");
    await editor.page.getByLabel("Escalate to").fill("General Counsel");

    const clause = viewer.page.locator("[data-clause-position]");
    await expect(clause).toHaveCount(1);
    await expect(clause.getByLabel("Clause name")).toHaveValue("Limitation of liability");
    await expect(clause.getByLabel("Escalate to")).toHaveValue("General Counsel");
    for (const part of ["Preferred position", "Fallback 1", "Red line", "Rationale"]) {
      await expect(clause.getByRole("group", { name: part })).toBeVisible();
    }
    await expect(clause.getByRole("group", { name: "Preferred position" })).toContainText("Twelve months' fees.");
    await expect(clause.getByRole("button", { name: "Add fallback" }), "no editing controls for a viewer").toHaveCount(0);

    // The viewer cannot type: the body is not editable and keystrokes change nothing.
    await expect(body(viewer.page)).toHaveAttribute("contenteditable", "false");
    await expect(body(viewer.page)).toHaveAttribute("aria-readonly", "true");
    await body(viewer.page).click();
    await viewer.page.keyboard.type("viewer was here");
    await viewer.page.keyboard.press("Enter");
    await expect(clause.getByLabel("Clause name")).not.toBeEditable();
    await viewer.page.waitForTimeout(500);
    await expect(body(viewer.page)).not.toContainText("viewer was here");
    await expect(body(editor.page)).not.toContainText("viewer was here");
    await expect(body(editor.page).locator("p").first()).toHaveText("Cap liability at twelve months' fees.");

    // A viewer who leaves disappears from the editor's list.
    await viewer.context.close();
    await expect(people(editor.page).getByRole("listitem")).toHaveCount(1);
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
  }
  expect(errors, "errors in the browser console").toEqual([]);
});

test("Edits made offline are kept in the browser and reach others after reconnecting", async ({ browser }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  try {
    const editor = await signIn(browser, EDITOR, errors);
    contexts.push(editor.context);
    await createDocument(editor.page, "Offline notes");
    const documentUrl = new URL(editor.page.url()).pathname;
    const status = editor.page.getByRole("status").filter({ hasText: /Saved|Saving|Offline|Reconnecting/ });
    const viewer = await signIn(browser, VIEWER, errors);
    contexts.push(viewer.context);
    await viewer.page.goto(documentUrl);

    await body(editor.page).click();
    await editor.page.keyboard.insertText("Written online.");
    await expect(status).toHaveText("Saved");

    await editor.context.setOffline(true);
    await expect(status).toHaveText("Offline — changes kept locally");
    await editor.page.keyboard.insertText(" Written offline.");
    await expect(body(viewer.page)).toContainText("Written online.");
    // Nothing reaches the server while offline; meanwhile IndexedDB keeps the edit. Leave the page.
    await editor.page.waitForTimeout(1_000);
    await expect(body(viewer.page)).not.toContainText("Written offline.");
    await editor.page.close();

    await editor.context.setOffline(false);
    const again = await editor.context.newPage();
    again.on("pageerror", (error) => errors.push(`reopened pageerror: ${error.message}`));
    await again.goto(documentUrl);
    await expect(body(again)).toContainText("Written online. Written offline.");
    await expect(again.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    await expect(body(viewer.page)).toContainText("Written online. Written offline.");
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
  }
  expect(errors, "errors in the browser console").toEqual([]);
});

// Issue 15, checklists: built from the toolbar (Enter for a new item, Tab to nest), ticked by the
// editor and seen ticked live by the viewer, who cannot tick anything.
test("An editor ticks a checklist item and a viewer sees it ticked live, without being able to tick", async ({ browser }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  try {
    const editor = await signIn(browser, EDITOR, errors);
    contexts.push(editor.context);
    await createDocument(editor.page, "Client onboarding toolkit");
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
