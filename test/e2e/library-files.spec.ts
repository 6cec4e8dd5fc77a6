// Word in and out, end to end: an admin drops a .docx on the library's import page, sees the
// summary, opens the document from its link there, and downloads it back as a Word file.
import { readFile } from "node:fs/promises";
import mammoth from "mammoth";
import { test, expect } from "./fixtures.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

const FIXTURE = new URL("../fixtures/docx/services-agreement.docx", import.meta.url).pathname;

test("Staff import a Word file from the library and download it as Word", async ({ page, server }) => {
  await signInAsAdmin(page, server);
  await page.goto("/library");
  await page.getByRole("link", { name: "Import files" }).click();
  await expect(page.getByRole("heading", { name: "Import files" })).toBeVisible();

  await page.getByLabel("Choose files…").setInputFiles(FIXTURE);
  await expect(page.getByRole("list", { name: "Files to import" })).toContainText("services-agreement.docx");
  await page.getByLabel("Word files become").selectOption("template");
  await page.getByRole("button", { name: "Import 1 file" }).click();
  await expect(page.getByRole("heading", { name: "Imported 1, updated 0, unchanged 0, skipped 0" })).toBeVisible();

  // The summary links each document the import made.
  await page.getByRole("region", { name: "Import summary" }).getByRole("link", { name: "Master Services Agreement (Supplier Form)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Master Services Agreement (Supplier Form)" })).toBeVisible();

  await page.getByRole("button", { name: "Download" }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "Word (.docx)" }).click()]);
  expect(download.suggestedFilename()).toBe("services-agreement.docx");
  const { value } = await mammoth.convertToHtml({ buffer: await readFile((await download.path())!) });
  expect(value).toContain("<h2>1. Definitions and interpretation</h2>");
  expect(value).toContain("<td><p>Availability</p></td>");
});
