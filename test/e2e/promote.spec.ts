// Promote to precedent, end to end (issue 11): a team editor sees what identifies the client,
// replaces it and asks for approval; another editor approves from Reviews; the new house
// precedent opens for staff off the team without the client's terms, and the source does not.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "./fixtures.ts";
import { runSeedScript } from "./support/seed.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { signInInNewContext } from "./support/sign-in.ts";

const PASSWORD = "a long enough passphrase";

test("A team editor promotes a client document to precedent; another editor approves; the house precedent has none of the client's terms", async ({ browser }) => {
  test.setTimeout(420_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-e2e-promote-"));
  let server: RunningServer | undefined;
  try {
    const sourceId = (await runSeedScript<{ documentId: string }>("test/e2e/support/promote-seed.ts", dataDir)).documentId;
    server = await startServer({ dataDir });
    const requester = await signInInNewContext(browser, server, "rita@promote.example", PASSWORD);
    const approver = await signInInNewContext(browser, server, "kim@promote.example", PASSWORD);
    const outsider = await signInInNewContext(browser, server, "otto@promote.example", PASSWORD);

    // The requester, on the mandate's team, opens the promotion from the document.
    await requester.page.goto(`/documents/${sourceId}?panel=details`);
    await requester.page.getByRole("link", { name: "Promote to precedent" }).click();
    await expect(requester.page.getByRole("heading", { level: 1, name: "Promote to precedent" })).toBeVisible();
    const terms = requester.page.getByRole("table", { name: /Identifying terms found/ });
    for (const [term, kind] of [
      ["Acme Holdings Limited", "Client"],
      ["Northwind Traders Ltd", "Counterparty"],
      ["Jane Patel", "Person"],
      ["£12,500.00", "Amount"],
      ["27 November 2026", "Date"],
      ["NW-2026-014", "Reference"],
    ] as const) {
      const row = terms.getByRole("row").filter({ has: requester.page.getByRole("rowheader", { name: term, exact: true }) });
      await expect(row).toContainText(kind);
      await expect(row.getByRole("textbox", { name: `Replacement for “${term}”` })).toHaveValue(/^\[/);
    }
    // The live preview shows the placeholders.
    const preview = requester.page.getByRole("region", { name: "Preview of the sanitised text" });
    await expect(preview).toContainText("between [Client] and [Counterparty] (matter [Reference])");
    await expect(preview).not.toContainText("Jane Patel");
    // An edited replacement shows up in the preview.
    await terms.getByRole("textbox", { name: "Replacement for “Jane Patel”" }).fill("the general counsel's name");
    await expect(preview).toContainText("general counsel, the general counsel's name.");

    // The document's own title names the client: refused, saying so.
    const title = requester.page.getByLabel("Title of the precedent");
    await expect(title).toHaveValue("Acme supply agreement");
    await requester.page.getByRole("button", { name: "Ask a knowledge lawyer to approve" }).click();
    await expect(requester.page.getByRole("alert").filter({ hasText: "Replace or clear every identifying term first" })).toContainText("Acme");
    await title.fill("Supply terms precedent");
    await requester.page.getByRole("button", { name: "Ask a knowledge lawyer to approve" }).click();
    await expect(requester.page).toHaveURL(/\/promotions\//);
    await expect(requester.page.getByText("Waiting for a knowledge lawyer's approval").first()).toBeVisible();
    await expect(requester.page.getByRole("button", { name: "Approve" })).toHaveCount(0);

    // Another editor, off the client's team, finds it under Reviews and reads only the sanitised text.
    await approver.page.goto("/reviews");
    await approver.page.getByRole("region", { name: "Promotions to precedent" }).getByRole("link", { name: "Supply terms precedent" }).click();
    const text = approver.page.getByRole("region", { name: "Sanitised text" });
    await expect(text).toContainText("The price is [Amount], payable within 30 days.");
    await expect(approver.page.locator("main")).not.toContainText("Acme");
    await expect(approver.page.locator("main")).not.toContainText("Jane Patel");
    await approver.page.getByLabel("Comment").fill("A useful supply precedent.");
    await approver.page.getByRole("button", { name: "Approve" }).click();
    await expect(approver.page.getByRole("status").filter({ hasText: "Approved" })).toBeVisible();
    const href = await approver.page.getByRole("link", { name: "Open the new precedent" }).getAttribute("href");
    expect(href).toMatch(/^\/documents\//);

    // Staff off the team open the new house precedent: none of the client's terms; the source stays closed to them.
    await outsider.page.goto(href!);
    await expect(outsider.page.getByRole("heading", { level: 1, name: "Supply terms precedent" })).toBeVisible();
    await expect(outsider.page.getByText("Promoted from client material: sanitised, and approved by a knowledge lawyer.")).toBeVisible();
    const content = outsider.page.getByRole("region", { name: "Content" });
    await expect(content).toContainText("between [Client] and [Counterparty]");
    for (const term of ["Acme", "Northwind", "Jane Patel", "£12,500.00", "27 November 2026", "NW-2026-014"]) {
      await expect(outsider.page.locator("main")).not.toContainText(term);
    }
    const closed = await outsider.page.goto(`/documents/${sourceId}`);
    expect(closed?.status()).toBe(404);

    expect([...requester.errors, ...approver.errors, ...outsider.errors]).toEqual([]);
    await requester.close();
    await approver.close();
    await outsider.close();
  } finally {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
