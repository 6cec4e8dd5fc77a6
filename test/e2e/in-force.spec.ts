// Effective dates end to end (ADR 017): an admin publishes the next version dated next month, and
// the Publishing panel says when it takes effect while version 1 stays in force; a date before
// today asks for the reason.
import { test, expect } from "./fixtures.ts";
import { inviteEditor } from "./support/invite.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

test("An admin schedules the next version: the panel says when it takes effect, and back-dating asks why", async ({ page, server, browser }) => {
  test.setTimeout(180_000);
  await signInAsAdmin(page, server);
  const reviewer = await inviteEditor(page, browser, server, "reviewer@in-force.example", "Rhea Reviewer");
  const origin = { Origin: server.url };

  const created = await page.request.post("/api/v1/documents", {
    data: { kind: "PLAYBOOK", title: "Force majeure playbook", status: "PUBLISHED", markdown: "# Force majeure\n\nList the events." },
    headers: origin,
  });
  expect(created.status(), await created.text()).toBe(201);
  const { document } = (await created.json()) as { document: { id: string } };
  const reviewers = (await (await page.request.get(`/api/v1/documents/${document.id}/reviewers`)).json()) as { reviewers: { id: string; name: string }[] };
  const rhea = reviewers.reviewers.find((r) => r.name === "Rhea Reviewer")!;
  const submitted = await page.request.post(`/api/v1/documents/${document.id}/review`, { data: { reviewerIds: [rhea.id] }, headers: origin });
  expect(submitted.status(), await submitted.text()).toBe(200);
  const approved = await reviewer.page.request.post(`/api/v1/documents/${document.id}/review/decision`, { data: { decision: "approve" }, headers: origin });
  expect(approved.status(), await approved.text()).toBe(200);

  await page.goto(`/documents/${document.id}?panel=publishing`);
  const panel = page.getByRole("region", { name: "Publishing" });
  const publishForm = panel.getByRole("form", { name: "Publish" });

  // A date before today: the reason is asked for beside its field, and nothing is published.
  const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  await publishForm.getByLabel("Effective date").fill(lastWeek);
  await publishForm.getByRole("button", { name: "Publish" }).click();
  await expect(publishForm.getByText("give the reason for back-dating it")).toBeVisible();
  await expect(panel).toContainText("Version 1 published");

  // Next month: scheduled, version 1 stays in force until then.
  const nextMonth = new Date(Date.now() + 31 * 86_400_000);
  const day = nextMonth.toISOString().slice(0, 10);
  await publishForm.getByLabel("Effective date").fill(day);
  await publishForm.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Published, to take effect on ${day}.` })).toBeVisible();
  const shown = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" }).format(nextMonth);
  // Version 2 is the snapshot the reviewer approved (ADR 018); its publication is version 3.
  await expect(panel).toContainText(`Version 3 takes effect on ${shown}; version 1 stays in force until then.`);
  await expect(panel).toContainText("Version 1 published");

  // Other specs' empty states must not see it. The page leaves the document first: a delete
  // closes its open editor's socket, whose reconnect would meet a 404 (a console error).
  await page.goto("/library");
  expect((await page.request.delete(`/api/v1/documents/${document.id}`, { headers: origin })).status()).toBe(204);
  expect(reviewer.errors).toEqual([]);
  await reviewer.close();
});
