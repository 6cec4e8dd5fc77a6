// The document page is the document (issue 14): a long playbook's first line is above the fold
// at 1,280 × 800, the panel beside it holds publishing and details, its outline jumps from clause
// to clause with each landing below the sticky toolbar, and on a phone the panel opens on demand.
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

const CLAUSES = 24;
const FIRST_LINE = "This playbook sets the positions the team takes when reviewing a customer's SaaS contract.";

function longPlaybook(): string {
  const parts = [`## How to use this playbook`, FIRST_LINE];
  for (let i = 1; i <= CLAUSES; i++) {
    parts.push(
      `## Part ${i}`,
      `Background for part ${i}: the supplier's paper usually puts this issue in its general terms.`,
      `:::clause {id="c-${i}" name="Clause ${i} liability cap" escalateTo="Supervising partner"}`,
      `:::preferred\n\nCap at twelve months' fees for clause ${i}.\n\n:::`,
      `:::fallback\n\nCap at eighteen months' fees for clause ${i}.\n\n:::`,
      `:::redline\n\nNo uncapped liability for clause ${i}.\n\n:::`,
      `:::`,
    );
  }
  return parts.join("\n\n");
}

async function createPlaybook(page: Page): Promise<string> {
  const origin = new URL(page.url()).origin;
  const response = await page.request.post("/api/v1/documents", {
    data: { kind: "PLAYBOOK", title: "SaaS contract review playbook", markdown: longPlaybook() },
    headers: { Origin: origin },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { document: { id: string } }).document.id;
}

/** The bottom of what stays stuck to the top of the screen: the header and the editor's toolbar. */
const stickyBottom = (page: Page) =>
  page.evaluate(() => Math.max(...[...document.querySelectorAll(".app-header, .editor-toolbar-wrap")].map((e) => e.getBoundingClientRect().bottom)));

async function expectBelowTheToolbar(page: Page, clauseName: string) {
  const card = page.getByRole("region", { name: `Clause position: ${clauseName}` });
  // The smooth scroll has ended when the card stops moving.
  await expect
    .poll(async () => {
      const a = (await card.boundingBox())?.y;
      await page.waitForTimeout(150);
      return a === (await card.boundingBox())?.y;
    })
    .toBe(true);
  const top = (await card.boundingBox())!.y;
  const bottomOfBars = await stickyBottom(page);
  expect(top, "the clause starts below the sticky toolbar").toBeGreaterThanOrEqual(bottomOfBars - 1);
  expect(top, "and near the top of what is visible").toBeLessThan(bottomOfBars + 80);
}

test("A long playbook's first line is above the fold at 1,280 × 800, beside its panel", async ({ page, server }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAsAdmin(page, server);
  const id = await createPlaybook(page);
  await page.goto(`/documents/${id}`);

  const firstLine = page.getByRole("textbox", { name: "Document body" }).getByText(FIRST_LINE);
  await expect(firstLine).toBeVisible();
  const box = (await firstLine.boundingBox())!;
  expect(box.y + box.height, "the first line ends above the fold").toBeLessThanOrEqual(800);

  // The panel is beside the document, not above it: publishing is one tab away.
  const panel = page.getByRole("complementary", { name: "Outline, comments, publishing and details" });
  await expect(panel).toBeVisible();
  expect((await panel.boundingBox())!.x).toBeGreaterThan(box.x + box.width);
  await panel.getByRole("tab", { name: "Publishing" }).click();
  await expect(panel.getByRole("button", { name: "Submit for review" })).toBeVisible();
  await panel.getByRole("tab", { name: "Details" }).click();
  await expect(panel.getByRole("button", { name: "Save details" })).toBeVisible();
});

test("The outline jumps from clause to clause, each landing below the sticky toolbar", async ({ page, server }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAsAdmin(page, server);
  const id = await createPlaybook(page);
  await page.goto(`/documents/${id}`);
  await expect(page.getByRole("textbox", { name: "Document body" })).toBeVisible();

  const outline = page.getByRole("navigation", { name: "Outline" });
  await expect(outline.getByRole("link")).toHaveCount(1 + CLAUSES * 2);
  await outline.getByRole("link", { name: "Clause 18 liability cap" }).click();
  await expect(page).toHaveURL(/#clause-c-18$/);
  await expectBelowTheToolbar(page, "Clause 18 liability cap");

  // From one anchor to another in the same document: it scrolls again, up this time.
  await outline.getByRole("link", { name: "Clause 6 liability cap" }).click();
  await expect(page).toHaveURL(/#clause-c-6$/);
  await expectBelowTheToolbar(page, "Clause 6 liability cap");

  // The outline follows edits: a renamed clause is renamed there.
  const name = page.getByRole("region", { name: "Clause position: Clause 6 liability cap" }).getByLabel("Clause name");
  await name.fill("Clause 6 indemnity cap");
  await expect(outline.getByRole("link", { name: "Clause 6 indemnity cap" })).toBeVisible();
});

test("A deep link to a clause opens with the clause below the toolbar, not under it", async ({ page, server }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAsAdmin(page, server);
  const id = await createPlaybook(page);
  await page.goto(`/documents/${id}#clause-c-20`);
  await expectBelowTheToolbar(page, "Clause 20 liability cap");
});

test("On a phone the document comes first and the panel opens on demand", async ({ page, server }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAsAdmin(page, server);
  const id = await createPlaybook(page);
  await page.goto(`/documents/${id}`);
  await expect(page.getByRole("textbox", { name: "Document body" }).getByText(FIRST_LINE)).toBeInViewport();
  const panel = page.getByRole("complementary", { name: "Outline, comments, publishing and details" });
  await expect(panel).toBeHidden();
  const toggle = page.getByRole("button", { name: "Show panel" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(panel).toBeVisible();
  await expect(page.getByRole("button", { name: "Hide panel" })).toHaveAttribute("aria-expanded", "true");
  await panel.getByRole("tab", { name: "Publishing" }).click();
  await expect(panel.getByRole("button", { name: "Submit for review" })).toBeVisible();
});

test("A toolkit's page lists its documents first, and its editor adds, moves and removes them", async ({ page, server }) => {
  await signInAsAdmin(page, server);
  const origin = { Origin: server.url };
  const made: Record<string, string> = {};
  for (const [kind, title] of [["TOOLKIT", "Vendor onboarding toolkit"], ["PLAYBOOK", "Vendor risk playbook"], ["TEMPLATE", "Vendor questionnaire template"]] as const) {
    const response = await page.request.post("/api/v1/documents", { data: { kind, title, markdown: "Body." }, headers: origin });
    expect(response.status(), await response.text()).toBe(201);
    made[title] = ((await response.json()) as { document: { id: string } }).document.id;
  }
  await page.goto(`/documents/${made["Vendor onboarding toolkit"]}`);
  const toolkit = page.getByRole("region", { name: "In this toolkit" });
  await expect(toolkit.getByRole("heading", { name: "This toolkit is empty" })).toBeVisible();

  for (const title of ["Vendor risk playbook", "Vendor questionnaire template"]) {
    await toolkit.getByLabel("Find documents", { exact: true }).fill("vendor");
    await toolkit.getByRole("button", { name: "Find" }).click();
    await toolkit.getByLabel("Document to add").selectOption({ label: `${title} (${title.endsWith("template") ? "Template" : "Playbook"})` });
    await toolkit.getByRole("button", { name: "Add to toolkit" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added to the toolkit." })).toBeVisible();
  }
  const items = toolkit.getByRole("listitem");
  await expect(items).toHaveText([/Vendor risk playbook/, /Vendor questionnaire template/]);
  await toolkit.getByRole("button", { name: "Move Vendor risk playbook down" }).click();
  await expect(items).toHaveText([/Vendor questionnaire template/, /Vendor risk playbook/]);
  await toolkit.getByRole("button", { name: "Remove Vendor risk playbook from the toolkit" }).click();
  await expect(items).toHaveText([/Vendor questionnaire template/]);

  // The template names the deliverable type the toolkit suggests on a mandate.
  const type = toolkit.getByRole("form", { name: "Deliverable type of Vendor questionnaire template" });
  await type.getByLabel("Suggests the deliverable").fill("Vendor questionnaire");
  await type.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "It now suggests the deliverable “Vendor questionnaire”." })).toBeVisible();
  await page.reload();
  await expect(type.getByLabel("Suggests the deliverable")).toHaveValue("Vendor questionnaire");
});

test("A playbook's Outcomes tab adds the NDA review rule in one click and leads to its analytics", async ({ page, server }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAsAdmin(page, server);
  const id = await createPlaybook(page);
  await page.goto(`/documents/${id}?panel=outcomes`);
  const panel = page.getByRole("complementary", { name: /Outline, comments/ });
  await expect(panel.getByRole("tab", { name: "Outcomes", selected: true })).toBeVisible();
  await expect(panel.getByText("No outcomes recorded for this playbook yet")).toBeVisible();
  await panel.getByRole("button", { name: /Add the rule “the same fallback on more than a third/ }).click();
  const rules = panel.getByRole("list", { name: "Review triggers" });
  await expect(rules.getByRole("listitem")).toHaveText([/The same fallback on any clause used in more than a third of deals in a quarter \(at least 5 deals\)/]);
  // Added once: the one-click button goes.
  await expect(panel.getByRole("button", { name: /Add the rule/ })).toHaveCount(0);
  await panel.getByRole("link", { name: "Open the positions analytics" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Positions analytics" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Playbook" })).toHaveValue(id);
  await expect(page.getByText("No outcomes recorded for this playbook yet")).toBeVisible();
});
