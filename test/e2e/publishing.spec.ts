// The publishing workflow, end to end: an editor submits a draft to a named reviewer, the
// reviewer finds it under Reviews and approves the frozen text, and the editor publishes exactly
// that text, with the date the law is stated as at (ADR 012, ADR 018).
import { test, expect } from "./fixtures.ts";
import { inviteEditor } from "./support/invite.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

test("An editor submits a document for review, a second editor approves it, and it is published", async ({ page, server, browser }) => {
  test.setTimeout(180_000);
  await signInAsAdmin(page, server);
  const author = await inviteEditor(page, browser, server, "author@publishing.example", "Alex Author");
  const reviewer = await inviteEditor(page, browser, server, "reviewer@publishing.example", "Rita Reviewer");

  const created = await author.page.request.post("/api/v1/documents", {
    data: { kind: "PLAYBOOK", title: "Limitation of liability playbook", markdown: "# Caps\n\nCap liability at the fees paid." },
    headers: { Origin: server.url },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { document } = (await created.json()) as { document: { id: string } };

  // The author names the reviewer and submits.
  await author.page.goto(`/documents/${document.id}?panel=publishing`);
  const panel = author.page.getByRole("region", { name: "Publishing" });
  await expect(panel.getByText("Not published yet")).toBeVisible();
  await expect(panel.getByRole("button", { name: "Publish" }), "only the allowed moves are offered").toHaveCount(0);
  await panel.getByRole("button", { name: "Submit for review" }).click();
  await expect(panel.getByRole("alert")).toContainText("Name at least one reviewer.");
  await panel.getByLabel("Rita Reviewer").check();
  await panel.getByLabel("Message to reviewers").fill("Please check the cap.");
  await panel.getByRole("button", { name: "Submit for review" }).click();
  await expect(author.page.getByRole("status").filter({ hasText: "Submitted for review" })).toBeVisible();
  await expect(panel.getByRole("list", { name: "Reviewers" })).toContainText("Rita Reviewer — Waiting");
  await expect(panel).toContainText("Under review: version 1");
  await expect(panel).toContainText("Approval policy: every named reviewer approves.");

  // The reviewer goes to Reviews with the keyboard ("g r") and approves.
  await reviewer.page.goto("/library");
  // Shortcuts work once the page is hydrated: a key pressed before that does nothing, so try again until then.
  await expect(async () => {
    await reviewer.page.keyboard.press("g");
    await reviewer.page.keyboard.press("r");
    await expect(reviewer.page.getByRole("heading", { level: 1, name: "Reviews" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const waiting = reviewer.page.getByRole("region", { name: "Waiting for my review" });
  await waiting.getByRole("link", { name: "Limitation of liability playbook" }).click();
  const reviewPanel = reviewer.page.getByRole("region", { name: "Publishing" });
  await reviewPanel.getByLabel("Comment").fill("The cap reads well.");
  await reviewPanel.getByRole("button", { name: "Approve" }).click();
  await expect(reviewer.page.getByRole("status").filter({ hasText: "Approved." })).toBeVisible();
  await expect(reviewPanel.getByRole("list", { name: "Reviewers" })).toContainText("Rita Reviewer — Approved");
  await reviewer.page.goto("/reviews");
  await expect(reviewer.page.getByRole("heading", { name: "Nothing waits for you" })).toBeVisible();

  // The author publishes: the document is published, as version 1, approved by the reviewer.
  await author.page.reload();
  await expect(panel).toContainText("Met: it can be published.");
  await panel.getByLabel("Law stated as at").fill("2026-11-30");
  await panel.getByRole("button", { name: "Publish" }).click();
  await expect(author.page.getByRole("status").filter({ hasText: "Published: readers now see this version." })).toBeVisible();
  // Version 1 is the snapshot the reviewer approved; version 2 publishes it.
  await expect(panel).toContainText("Version 2 published");
  await expect(author.page.locator(".document-meta-line")).toContainText("Law stated as at 30 Nov 2026");
  await expect(panel).toContainText("Approved by Rita Reviewer.");
  await expect(author.page.locator(".document-meta-line")).toContainText("Published");

  expect([...author.errors, ...reviewer.errors]).toEqual([]);
  await author.close();
  await reviewer.close();
});
