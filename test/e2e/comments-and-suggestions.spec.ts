// Issue 15, how lawyers edit: two of the provider's people on one document in two browsers. A
// selects a phrase, comments on it and mentions B; B sees the comment arrive without reloading,
// replies and resolves it; A sees the reply and the resolved thread. Then A switches to Suggesting,
// deletes and inserts; B sees both in A's colour with A's name, accepts one and rejects the other;
// the text is right in both browsers and after a reload, and B has the mention in the inbox.
import { test, expect } from "./fixtures.ts";
import { createClientOrganization, invite, inviteEditor } from "./support/invite.ts";
import { documentBody, expectSaved, newDocumentWithText, paragraphText, placeCaretBefore, selectWords } from "./support/editor.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

const PHRASE = "uncapped indemnity";
const ADMIN_NAME = "Demo Admin";

test("A comments and mentions B, who replies and resolves live; A suggests, B accepts one suggestion and rejects the other", async ({ page, browser, server }) => {
  test.setTimeout(180_000);
  await signInAsAdmin(page, server);
  const ben = await inviteEditor(page, browser, server, `ben.comments.${Date.now()}@firm.example`, "Ben Commenter");
  try {
    // A writes a document and leaves it open.
    const documentPath = `/documents/${await newDocumentWithText(page, "Indemnities playbook (comments)", `We never accept an ${PHRASE}`)}`;
    const body = documentBody(page);

    // B opens the same document, on its Comments tab: nothing yet.
    await ben.page.goto(documentPath);
    await ben.page.getByRole("tab", { name: /^Comments/ }).click();
    const bensPanel = ben.page.getByRole("region", { name: "Comments" });
    await expect(bensPanel.getByText("No comments yet.")).toBeVisible();

    // A selects the phrase and comments (Ctrl+Alt+M, as in Google Docs), mentioning B.
    await selectWords(page, PHRASE);
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

    // A switches to Suggesting (Docs' shortcut), deletes "never " and adds words at the end.
    const mode = page.getByRole("button", { name: "Suggesting" });
    await expect(mode).toHaveAttribute("aria-pressed", "false");
    await body.click();
    await page.keyboard.press("ControlOrMeta+Alt+Shift+X");
    await expect(mode).toHaveAttribute("aria-pressed", "true");
    // Letter by letter, as people delete: the browser's own Backspace before a space would rewrite the space.
    await placeCaretBefore(page, "accept");
    for (let i = 0; i < "never ".length; i++) await page.keyboard.press("Backspace");
    await page.keyboard.press("End");
    await page.keyboard.type(" in any contract");

    // Nothing is gone for either: the deletion is struck through, the insertion underlined, both in A's colour with A's name.
    const adasColour = await ben.page
      .getByRole("list", { name: "People here" })
      .getByRole("listitem")
      .filter({ hasText: ADMIN_NAME })
      .evaluate((li) => getComputedStyle(li).backgroundColor);
    for (const each of [page, ben.page]) {
      await expect.poll(() => paragraphText(each)).toBe(`We never accept an ${PHRASE} in any contract`);
      await expect(documentBody(each).locator("del.suggestion")).toHaveText("never ");
      await expect(documentBody(each).locator("ins.suggestion")).toHaveText(" in any contract");
    }
    for (const kind of ["ins", "del"]) {
      const mark = documentBody(ben.page).locator(`${kind}.suggestion`);
      await expect(mark).toHaveCSS("color", adasColour);
      await expect(mark).toHaveAttribute("title", new RegExp(`by ${ADMIN_NAME} · `));
    }

    // B accepts the insertion from the popover at the cursor and rejects the deletion from the Suggestions list.
    await documentBody(ben.page).locator("ins.suggestion").click();
    const popover = ben.page.getByRole("group", { name: `Suggestion by ${ADMIN_NAME}` });
    await popover.getByRole("button", { name: "Accept: Insert “ in any contract”" }).click();
    const suggestions = ben.page.getByRole("region", { name: /Suggestions/ });
    await suggestions.getByRole("button", { name: "Reject: Delete “never ”" }).click();
    for (const each of [page, ben.page]) {
      await expect.poll(() => paragraphText(each)).toBe(`We never accept an ${PHRASE} in any contract`);
      await expect(documentBody(each).locator(".suggestion")).toHaveCount(0);
    }
    await expectSaved(ben.page);
    for (const each of [page, ben.page]) {
      await each.reload();
      await expect.poll(() => paragraphText(each)).toBe(`We never accept an ${PHRASE} in any contract`);
      await expect(documentBody(each).locator(".suggestion")).toHaveCount(0);
    }
    // The mode is each person's own, and remembered.
    await expect(page.getByRole("button", { name: "Suggesting" })).toHaveAttribute("aria-pressed", "true");
    await expect(ben.page.getByRole("button", { name: "Suggesting" })).toHaveAttribute("aria-pressed", "false");

    // The mention is in B's inbox.
    await ben.page.goto("/notifications");
    await expect(ben.page.getByRole("link", { name: /mentioned you on “Indemnities playbook \(comments\)”/ })).toBeVisible();
    expect(ben.errors).toEqual([]);
  } finally {
    await ben.close();
  }
});

test("A client, who has no sync socket, sees a comment for them arrive without reloading, and never an internal one", async ({ page, browser, server }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, server);
  const clientId = await createClientOrganization(page, "Fabrikam Live");
  const post = async (path: string, data: Record<string, unknown>) => {
    const response = await page.request.post(path, { data, headers: { Origin: server.url } });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as { document?: { id: string } };
  };
  const created = await post("/api/v1/documents", {
    kind: "PLAYBOOK",
    title: "Fabrikam supply playbook",
    status: "PUBLISHED",
    markdown: "Governing law: England.",
    visibility: "SHARED",
    sharedWithOrganizationIds: [clientId],
  });
  const client = await invite(page, browser, server, { email: `gc.live.${Date.now()}@fabrikam.example`, name: "Fay Counsel", role: "CLIENT", clientOrganizationId: clientId });
  try {
    // The comment event stream is open (its headers came) before anything is said, so only its event can bring the comment.
    const streamOpen = client.page.waitForResponse((r) => r.url().endsWith(`/documents/${created.document!.id}/comment-events`) && r.status() === 200);
    await client.page.goto(`/documents/${created.document!.id}`);
    await streamOpen;
    await client.page.getByRole("tab", { name: /^Comments/ }).click();
    const panel = client.page.getByRole("region", { name: "Comments" });
    await expect(panel.getByText("No comments yet.")).toBeVisible();

    const comments = `/api/v1/documents/${created.document!.id}/comments`;
    await post(comments, { quote: "England", body: "Internal: hold firm on English law." });
    await post(comments, { quote: "England", body: "Is English law fine for you?", visibility: "CLIENT", clientOrganizationId: clientId });
    // Well within the 30 s the page used to poll at.
    await expect(panel.getByText("Is English law fine for you?")).toBeVisible({ timeout: 10_000 });
    await expect(panel.getByText("hold firm")).toHaveCount(0);
    expect(client.errors).toEqual([]);
  } finally {
    await client.close();
  }
});
