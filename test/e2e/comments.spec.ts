// Issue 15, comments: two of the provider's people on one document in two browsers. A selects a
// phrase, comments on it and mentions B; B sees the comment arrive without reloading, replies
// and resolves it; A sees the reply and the resolved thread, and B has the mention in the inbox.
import { test, expect } from "./fixtures.ts";
import { inviteEditor } from "./support/invite.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

const PHRASE = "uncapped indemnity";

test("Comments: A comments on a phrase and mentions B, B sees it live, replies and resolves, A sees both", async ({ page, browser, server }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, server);
  const ben = await inviteEditor(page, browser, server, `ben.comments.${Date.now()}@firm.example`, "Ben Commenter");
  try {
    // A writes a document and leaves it open.
    await page.goto("/library/new");
    await page.getByLabel("Title").fill("Indemnities playbook (comments)");
    await page.getByRole("button", { name: /create/i }).click();
    await expect(page).toHaveURL(/\/documents\/[^/?#]+/);
    const documentPath = new URL(page.url()).pathname;
    const body = page.getByRole("textbox", { name: "Document body" });
    await body.click();
    await page.keyboard.type(`We never accept an ${PHRASE}`);
    await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

    // B opens the same document, on its Comments tab: nothing yet.
    await ben.page.goto(documentPath);
    await ben.page.getByRole("tab", { name: /^Comments/ }).click();
    const bensPanel = ben.page.getByRole("region", { name: "Comments" });
    await expect(bensPanel.getByText("No comments yet.")).toBeVisible();

    // A selects the phrase and comments (Ctrl+Alt+M, as in Google Docs), mentioning B.
    // Selected as a mouse would: a DOM selection over the words, which the editor takes up.
    await body.evaluate((element, phrase) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(phrase);
        if (at >= 0) return window.getSelection()!.setBaseAndExtent(node, at, node, at + phrase.length);
      }
    }, PHRASE);
    await expect.poll(() => page.evaluate(() => window.getSelection()!.toString())).toBe(PHRASE);
    await page.keyboard.press("Control+Alt+m");
    const newComment = page.getByRole("form", { name: "New comment" });
    await expect(newComment.getByText(PHRASE, { exact: true })).toBeVisible();
    const box = newComment.getByLabel("Comment", { exact: true });
    await box.pressSequentially("@Ben");
    await page.getByRole("option", { name: "Ben Commenter" }).click();
    await box.pressSequentially("can we live with this?");
    await newComment.getByRole("button", { name: "Comment", exact: true }).click();
    const adasThread = page.getByRole("listitem", { name: `Comment on “${PHRASE}”` });
    await expect(adasThread.getByText("@Ben Commenter can we live with this?")).toBeVisible();
    await expect(page.getByText(PHRASE, { exact: true }).and(page.locator(".comment-highlight"))).toBeVisible();

    // B sees it arrive, without reloading, replies and resolves.
    const bensThread = bensPanel.getByRole("listitem", { name: `Comment on “${PHRASE}”` });
    await expect(bensThread.getByText("@Ben Commenter can we live with this?")).toBeVisible();
    await expect(ben.page.locator(".comment-highlight")).toHaveText(PHRASE);
    await bensThread.getByRole("textbox", { name: "Reply", exact: true }).fill("Only if capped at the fees.");
    await bensThread.getByRole("button", { name: "Reply", exact: true }).click();
    await expect(bensThread.getByText("Only if capped at the fees.")).toBeVisible();
    await bensThread.getByRole("button", { name: "Resolve" }).click();
    await expect(bensPanel.getByText("Resolved (1)")).toBeVisible();

    // A sees the reply and the resolved state, live; the highlight is gone with it.
    const adasPanel = page.getByRole("region", { name: "Comments" });
    await expect(adasPanel.getByText("Resolved (1)")).toBeVisible();
    await adasPanel.getByText("Resolved (1)").click();
    await expect(adasThread.getByText("Only if capped at the fees.")).toBeVisible();
    await expect(adasThread.getByText("Resolved by Ben Commenter")).toBeVisible();
    await expect(page.locator(".comment-highlight")).toHaveCount(0);

    // The mention is in B's inbox.
    await ben.page.goto("/notifications");
    await expect(ben.page.getByRole("link", { name: /mentioned you on “Indemnities playbook \(comments\)”/ })).toBeVisible();
    expect(ben.errors).toEqual([]);
  } finally {
    await ben.close();
  }
});
