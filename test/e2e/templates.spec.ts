// Templates → deliverables, end to end: a PM opens a deliverable of a mandate, picks the cover
// memo template, sees what the mandate filled in and what is still missing, each field as its
// variable's type asks, generates the memo once and downloads it as Word; the memo is linked to
// the deliverable, and the form starts afresh for the next one.
import fs from "node:fs/promises";
import mammoth from "mammoth";
import { test, expect } from "./fixtures.ts";
import { createClientOrganization, createInvitationLink } from "./support/invite.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

const MEMO = new URL("../../playbooks/deliverable-cover-memo.md", import.meta.url).pathname;

test("A PM generates a deliverable's cover memo from a template, prefilled from the mandate, and downloads it as Word", async ({ page, server }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, server);

  const fabrikam = await createClientOrganization(page, "Fabrikam Foods");
  expect(await createInvitationLink(page, { email: "gc@fabrikam.example", role: "CLIENT", clientOrganizationId: fabrikam })).toContain("/invite/");

  // The starter library's memo, under a title of its own (the first start seeds the original too).
  const markdown = (await fs.readFile(MEMO, "utf8")).replace(/^---\n[\s\S]*?\n---\n/, "");
  const template = await page.request.post("/api/v1/documents", {
    data: { kind: "TEMPLATE", title: "Cover memo for the e2e mandate", status: "PUBLISHED", markdown },
    headers: { Origin: server.url },
  });
  expect(template.status(), await template.text()).toBe(201);

  await page.goto("/mandates/new");
  await page.getByLabel("Client organisation").selectOption({ label: "Fabrikam Foods" });
  await page.getByLabel("Title").fill("Fabrikam distribution contracts");
  await page.getByLabel("Reference").fill("FB-2026-003");
  await page.getByLabel("Agreed budget").fill("8,000.00");
  await page.getByLabel("Start date").fill("2026-11-02");
  await page.getByLabel("Status").selectOption("ACTIVE");
  await page.getByRole("button", { name: "Create mandate" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Fabrikam distribution contracts" })).toBeVisible();
  const mandateId = new URL(page.url()).pathname.split("/").pop()!;
  const added = await page.request.post(`/api/v1/mandates/${mandateId}/deliverables`, {
    data: { deliverables: [{ title: "Distributor agreement review", type: "Contract review", fee: "1,500.00" }] },
    headers: { Origin: server.url },
  });
  expect(added.status(), await added.text()).toBe(201);

  await page.reload();
  await page.getByRole("link", { name: "Generate a document from a template for Distributor agreement review" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Generate “Distributor agreement review” from a template" })).toBeVisible();
  await page.getByLabel("Template", { exact: true }).selectOption({ label: "Cover memo for the e2e mandate" });
  await page.getByRole("button", { name: "Use this template" }).click();

  // What the mandate knows is filled in; what it does not is listed before generating.
  await expect(page.getByLabel("Client name (required)")).toHaveValue("Fabrikam Foods");
  await expect(page.getByLabel("Mandate reference (required)")).toHaveValue("FB-2026-003");
  await expect(page.getByLabel("Deliverable (required)")).toHaveValue("Distributor agreement review");
  // The title is the template's and the deliverable's, and may be changed.
  await expect(page.getByLabel("Document title")).toHaveValue("Cover memo for the e2e mandate – Distributor agreement review");
  // Each field as its variable's type asks: a day picker for a date, one line for a name, a text area for a passage only.
  await expect(page.getByLabel("Date (required)", { exact: true })).toHaveAttribute("type", "date");
  await expect(page.getByLabel("Date (required)", { exact: true })).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByLabel("Date of the facts relied on (required)")).toHaveAttribute("type", "date");
  await expect(page.getByLabel("Client name (required)")).toHaveAttribute("type", "text");
  expect(await page.getByLabel("Findings table or list, highest risk first (required)").evaluate((el) => el.tagName)).toBe("TEXTAREA");
  expect(await page.getByLabel("Engagement partner (required)").evaluate((el) => el.tagName)).toBe("INPUT");
  const missing = page.getByRole("status").filter({ hasText: "Required, still empty" });
  await expect(missing).toContainText("Summary");
  await expect(missing).toContainText("Engagement partner");

  // Generating anyway is refused with each missing value named at its field; nothing is created.
  await page.getByRole("button", { name: "Generate document" }).click();
  await expect(page.getByText("Summary: the answer in three sentences or fewer is required.")).toBeVisible();
  await expect(page.getByLabel("Summary: the answer in three sentences or fewer (required)")).toHaveAttribute("aria-invalid", "true");

  const values: Record<string, string> = {
    "Client contact (required)": "Dana Whitfield",
    "Summary: the answer in three sentences or fewer (required)": "The distributor agreement can be signed with two changes.",
    "The instruction, as agreed in the deliverables schedule (required)": "Review the distributor agreement against the supply playbook.",
    "Findings table or list, highest risk first (required)": "High: uncapped indemnity.\nLow: outdated notice address.",
    "Each decision, who should take it and by when (required)": "Accept a cap of 12 months' fees: Legal, by 4 December.",
    "Date of the facts relied on (required)": "2026-11-26",
    "Next steps, with owners and dates (required)": "We send the mark-up on Monday.",
    "Engagement partner (required)": "Alex Morgan",
  };
  for (const [label, value] of Object.entries(values)) await page.getByLabel(label).fill(value);
  await expect(missing).toHaveCount(0);
  // Ctrl+Enter generates, as the button does.
  // Ctrl+Enter pressed twice makes one document, not two.
  await page.getByLabel("Engagement partner (required)").press("Control+Enter");
  await page.getByLabel("Engagement partner (required)").press("Control+Enter").catch(() => undefined);
  const generated = page.getByRole("region", { name: "Document generated" });
  await expect(generated).toContainText("and linked it to Distributor agreement review");
  // The filled form is gone, so nothing can be generated twice by mistake; the document is a click away.
  await expect(page.getByRole("button", { name: "Generate document" })).toHaveCount(0);
  await expect(generated.getByRole("link", { name: "Open the document" })).toHaveAttribute("href", /^\/documents\/\w+/);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download Word (.docx)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  const { value: text } = await mammoth.extractRawText({ path: (await download.path())! });
  expect(text).toContain("Dana Whitfield, Fabrikam Foods");
  expect(text).toContain("High: uncapped indemnity.");
  expect(text).toContain("FB-2026-003");
  expect(text).toContain("26 November 2026");

  // The next one starts from what the mandate knows, not from what was typed for the last.
  await page.getByRole("link", { name: "Generate another document" }).click();
  await expect(page.getByLabel("Client name (required)")).toHaveValue("Fabrikam Foods");
  await expect(page.getByLabel("Client contact (required)")).toHaveValue("");
  await page.goBack();

  // The memo is a resource of that deliverable on the mandate's page.
  await page.getByRole("link", { name: "Back to the mandate" }).click();
  const resources = page.getByRole("region", { name: "Resources" });
  await expect(resources).toContainText("Distributor agreement review");
  await expect(resources.getByText("Cover memo for the e2e mandate – Distributor agreement review")).toHaveCount(1);
});
