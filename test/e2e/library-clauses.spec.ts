// Clauses from the library (ADR 033): "/" in an empty paragraph opens the clause search, Enter
// inserts the clause; when its source publishes a changed clause, the document says "Source clause
// updated" with a redline, and Update puts the new text in and remembers the new version.
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { clickInto, documentBody } from "./support/editor.ts";
import { inviteEditor } from "./support/invite.ts";
import { signInAsAdmin } from "./support/sign-in.ts";
import type { RunningServer } from "./support/server.ts";

const clause = (preferred: string) =>
  [
    "# Liability",
    "",
    ':::clause {id="wombat-cap" name="Wombat liability cap" escalateTo="General Counsel"}',
    "",
    ":::preferred",
    "",
    preferred,
    "",
    ":::",
    "",
    ":::",
  ].join("\n");

async function createDocument(page: Page, server: RunningServer, data: Record<string, unknown>) {
  const response = await page.request.post("/api/v1/documents", { data, headers: { Origin: server.url } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { document: { id: string } }).document.id;
}

test("A clause inserted with / shows its source's update as a redline, and Update brings the new text in", async ({ page, server, browser }) => {
  test.setTimeout(180_000);
  await signInAsAdmin(page, server);
  const origin = { Origin: server.url };
  const sourceId = await createDocument(page, server, {
    kind: "PLAYBOOK",
    title: "Wombat liability playbook",
    status: "PUBLISHED",
    markdown: clause("Cap at twelve months' wombat fees."),
  });
  const targetId = await createDocument(page, server, { kind: "PLAYBOOK", title: "Wombat supply playbook", markdown: "Opening words." });
  // The source's clause is searchable once the indexer has read it.
  await expect
    .poll(async () => ((await (await page.request.get("/api/v1/search?scope=clauses&q=wombat")).json()) as { total: number }).total, { timeout: 15_000 })
    .toBeGreaterThan(0);

  await page.goto(`/documents/${targetId}`);
  const body = documentBody(page);
  await expect(body).toContainText("Opening words.");
  await clickInto(page, "Opening words.");
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("/");
  const palette = page.getByRole("dialog", { name: "Insert clause from library" });
  await expect(palette).toBeVisible();
  await page.keyboard.type("wombat cap");
  await expect(palette.getByRole("option", { name: /Wombat liability cap/ })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(palette).toBeHidden();

  const card = page.getByRole("region", { name: "Clause position: Wombat liability cap" });
  await expect(card.getByRole("group", { name: "Preferred position", exact: true })).toContainText("Cap at twelve months' wombat fees.");
  await expect(card.getByLabel("Escalate to")).toHaveValue("General Counsel");
  // The "/" that opened the palette gave way to the clause.
  await expect(body).not.toContainText("/");
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await expect(card.getByText("Source clause updated")).toHaveCount(0);

  // The source's editors change the clause, and it is published again after a review.
  await page.goto(`/documents/${sourceId}`);
  await clickInto(page, "Cap at twelve months' wombat fees.");
  await page.keyboard.press("End");
  await page.keyboard.type(" Less any service credits.");
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  const reviewer = await inviteEditor(page, browser, server, "reviewer@library-clauses.example", "Wanda Reviewer");
  const reviewers = (await (await page.request.get(`/api/v1/documents/${sourceId}/reviewers`)).json()) as { reviewers: { id: string; name: string }[] };
  const wanda = reviewers.reviewers.find((r) => r.name === "Wanda Reviewer")!;
  const submitted = await page.request.post(`/api/v1/documents/${sourceId}/review`, { data: { reviewerIds: [wanda.id] }, headers: origin });
  expect(submitted.status(), await submitted.text()).toBe(200);
  const approved = await reviewer.page.request.post(`/api/v1/documents/${sourceId}/review/decision`, { data: { decision: "approve" }, headers: origin });
  expect(approved.status(), await approved.text()).toBe(200);
  const published = await page.request.post(`/api/v1/documents/${sourceId}/publish`, { data: {}, headers: origin });
  expect(published.status(), await published.text()).toBe(200);

  // Back in the document: the clause says its source changed, and how.
  await page.goto(`/documents/${targetId}`);
  await expect(card).toContainText("Cap at twelve months' wombat fees.");
  const notice = card.getByRole("complementary", { name: "Source clause updated" });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("Wombat liability playbook published version");
  await expect(notice.locator("ins").filter({ hasText: "Less any service credits." })).toBeVisible();
  await expect(card.getByRole("group", { name: "Preferred position", exact: true })).not.toContainText("service credits");

  await notice.getByRole("button", { name: "Update" }).click();
  await expect(card.getByRole("group", { name: "Preferred position", exact: true })).toContainText("Cap at twelve months' wombat fees. Less any service credits.");
  await expect(notice).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  // Stored through the editor with the new version as its source: after a reload, the new text and no notice.
  await page.reload();
  await expect(card.getByRole("group", { name: "Preferred position", exact: true })).toContainText("Less any service credits.");
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await expect(card.getByText("Source clause updated")).toHaveCount(0);

  // The toolbar button opens the same search.
  await page.getByRole("button", { name: "Insert clause from library" }).click();
  await expect(palette).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(palette).toBeHidden();

  // Other specs' empty states must not see these documents.
  await page.goto("/library");
  for (const id of [targetId, sourceId]) expect((await page.request.delete(`/api/v1/documents/${id}`, { headers: origin })).status()).toBe(204);
  expect(reviewer.errors).toEqual([]);
  await reviewer.close();
});
