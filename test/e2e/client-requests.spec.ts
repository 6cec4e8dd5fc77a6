// Client requests and acceptance, end to end (issue 17's first "Done when", ADR 042), as the client
// and the PM in two browser contexts: the client asks for work with a Word file; the PM accepts
// it; it is delivered; the client rejects it with a reason; it is reworked and delivered again;
// the PM sets the mandate's deemed-acceptance window to 0 days and the sweep (every second here)
// deems it accepted; both see "Deemed accepted". A server of its own: the sweep's interval is
// short, and the spec's mandate must meet no other spec's data.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { runSeedScript } from "./support/seed.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { signInInNewContext } from "./support/sign-in.ts";

const PASSWORD = "a long enough passphrase";
const DOCX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/docx/side-letter-with-extras.docx");
const WRONG_DOCX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/docx/services-agreement.docx");

const rowOf = (page: Page, title: string) =>
  page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Deliverable" }) }).getByRole("row").filter({ hasText: title });

test("A client's request is accepted, delivered, rejected, reworked and deemed accepted", async ({ browser }) => {
  test.setTimeout(420_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-e2e-requests-"));
  let server: RunningServer | undefined;
  try {
    const { mandateId } = await runSeedScript<{ mandateId: string }>("test/e2e/support/client-requests-seed.ts", dataDir);
    server = await startServer({ dataDir, env: { ACCEPTANCE_SWEEP_INTERVAL_MS: "1000" } });
    const client = await signInInNewContext(browser, server, "alex@northwind.example", PASSWORD);
    const pm = await signInInNewContext(browser, server, "pat@requests.example", PASSWORD);

    // The client asks for an NDA review with the counterparty's draft; Ctrl+Enter sends it.
    await client.page.goto(`/mandates/${mandateId}`);
    await client.page.getByRole("button", { name: "Request work" }).click();
    const dialog = client.page.getByRole("dialog", { name: "Request work" });
    await expect(dialog.getByLabel("Type of work")).toHaveValue("NDA review");
    await dialog.getByLabel("Counterparty (optional)").fill("Acme Ltd");
    // With a second file, the wrong one: taken back below before the PM decides.
    await dialog.getByLabel("Attachments (optional)").setInputFiles([DOCX, WRONG_DOCX]);
    await dialog.getByLabel("Title").fill("NDA with Acme");
    await dialog.getByLabel("Title").press("Control+Enter");
    await expect(client.page.getByRole("status").filter({ hasText: "Request “NDA with Acme” sent" })).toBeVisible();
    const yourRequests = client.page.getByRole("region", { name: "Your requests" });
    await expect(yourRequests.getByRole("row").filter({ hasText: "NDA with Acme" })).toContainText("Requested");
    await expect(yourRequests.getByRole("link", { name: "side-letter-with-extras.docx" })).toBeVisible();
    await yourRequests.getByRole("button", { name: "Remove services-agreement.docx from NDA with Acme" }).click();
    await expect(client.page.getByRole("status").filter({ hasText: "File removed from the request." })).toBeVisible();
    await expect(yourRequests.getByRole("link", { name: "services-agreement.docx" })).toHaveCount(0);
    await expect(yourRequests.getByRole("link", { name: "side-letter-with-extras.docx" })).toBeVisible();

    // The PM sees it with its file and accepts it: due from the service level.
    await pm.page.goto(`/mandates/${mandateId}`);
    const request = rowOf(pm.page, "NDA with Acme");
    await expect(request).toContainText("Requested");
    await expect(request.getByRole("link", { name: "side-letter-with-extras.docx" })).toHaveAttribute("href", /\/api\/v1\/request-attachments\//);
    await request.getByRole("button", { name: "Accept request: NDA with Acme" }).click();
    await expect(pm.page.getByRole("status").filter({ hasText: "Request accepted" })).toBeVisible();
    await expect(request).toContainText("Not started");

    // The work waits on the client (ADR 041): the PM stops the clock with a reason the client reads,
    // then records the answer. (How many business days a wait takes off the turnaround, across a
    // bank holiday, is test/integration/sla-clock.test.ts's hand-computed case: a browser cannot wait days.)
    await request.getByRole("button", { name: "Start work: NDA with Acme" }).click();
    await expect(request).toContainText("In progress");
    await request.locator("summary", { hasText: "Wait on client" }).click();
    await request.getByLabel("What it waits for").fill("Your signed term sheet");
    // A wait recorded late reads the time in the mandate's zone; too far back is refused on the field, the reason kept.
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 16);
    await request.getByLabel("Waiting since (optional)").fill(monthAgo);
    await request.getByRole("button", { name: "Stop the clock" }).click();
    await expect(request.getByText(/Record a wait at most \d+ days back/)).toBeVisible();
    await expect(request).toContainText("In progress");
    await expect(request.getByLabel("What it waits for")).toHaveValue("Your signed term sheet");
    await request.getByLabel("Waiting since (optional)").fill("");
    await request.getByRole("button", { name: "Stop the clock" }).click();
    await expect(request).toContainText("Waiting on client: Your signed term sheet, since");
    await client.page.reload();
    await expect(rowOf(client.page, "NDA with Acme")).toContainText("Waiting on you: Your signed term sheet, since");
    await request.locator("summary", { hasText: "Answered earlier…" }).click();
    await request.getByLabel("When the client answered").fill(monthAgo);
    await request.getByRole("button", { name: "Record the answer" }).click();
    await expect(request.getByText(/Record a wait at most \d+ days back/)).toBeVisible();
    await expect(request).toContainText("Waiting on client");
    await request.getByRole("button", { name: "Client answered: resume: NDA with Acme" }).click();
    await expect(request).toContainText("Waited on the client once");

    // Delivered; the client sees the countdown and rejects it with a reason.
    await request.getByRole("button", { name: "Mark delivered: NDA with Acme" }).click();
    await expect(request).toContainText(/Deemed accepted on .+ unless the client answers/);
    await expect(request.getByRole("button", { name: /Mark accepted/ })).toHaveCount(0); // the provider no longer accepts its own work
    await client.page.reload();
    const delivered = rowOf(client.page, "NDA with Acme");
    await expect(delivered).toContainText(/Deemed accepted on \w{3} \d{1,2} \w{3} unless you accept or reject/);
    await delivered.getByText("Reject…").click();
    await delivered.getByLabel("What needs to change").fill("Clause 7 still has the one-way indemnity.");
    await delivered.getByRole("button", { name: "Reject: NDA with Acme" }).click();
    await expect(client.page.getByRole("status").filter({ hasText: "Rejected" })).toBeVisible();
    await expect(yourRequests.getByRole("row").filter({ hasText: "NDA with Acme" })).toContainText("Rejected · being reworked");

    // Reworked and delivered again.
    await pm.page.reload();
    await expect(request).toContainText("Rejected: Clause 7 still has the one-way indemnity.");
    await request.getByRole("button", { name: "Start rework: NDA with Acme" }).click();
    await request.getByRole("button", { name: "Mark delivered: NDA with Acme" }).click();
    // (The countdown shows once the page has the delivery: the details form below must not reset under the typing.)
    await expect(request).toContainText(/Deemed accepted on .+ unless the client answers/);

    // The PM sets the deemed-acceptance window to 0 days: the sweep deems it accepted.
    await pm.page.getByRole("button", { name: "Edit details" }).click();
    await pm.page.getByLabel("Deemed accepted after (business days)").fill("0");
    await pm.page.getByRole("button", { name: "Save details" }).click();
    await expect(pm.page.getByRole("status").filter({ hasText: "Details saved." })).toBeVisible();
    await expect(pm.page.getByText("0 business days after delivery")).toBeVisible();
    // (Not the countdown, "Deemed accepted on …": the acceptance itself. The sweep starts once the starter library is in.)
    const deemed = /Deemed accepted(?! on)/;
    await expect(async () => {
      await pm.page.reload();
      await expect(rowOf(pm.page, "NDA with Acme")).toContainText(deemed, { timeout: 1000 });
    }).toPass({ timeout: 120_000 });
    await expect(rowOf(pm.page, "NDA with Acme")).toContainText("AcceptedDeemed accepted");
    await client.page.reload();
    await expect(rowOf(client.page, "NDA with Acme")).toContainText(deemed);
    await expect(client.page.getByRole("region", { name: "Your requests" }).getByRole("row").filter({ hasText: "NDA with Acme" })).toContainText(deemed);

    expect([...client.errors, ...pm.errors]).toEqual([]);
    await client.close();
    await pm.close();
  } finally {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
