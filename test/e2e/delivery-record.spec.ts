// The delivery record, end to end: a PM marks a deliverable delivered on the mandate page and
// reads its record line — what was delivered, when, by whom, under which playbook version in
// force since when — then changes its due date, which now asks for a reason.
import type { Page } from "@playwright/test";
import { test, expect, watchPageErrors } from "./fixtures.ts";
import { createClientOrganization } from "./support/invite.ts";
import { onOwnServer } from "./support/own-server.ts";
import type { RunningServer } from "./support/server.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

async function post(page: Page, server: RunningServer, path: string, data: Record<string, unknown>, method: "post" | "patch" = "post") {
  const response = await page.request[method](`/api/v1${path}`, { data, headers: { Origin: server.url } });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return response.json() as Promise<Record<string, unknown>>;
}

const longDay = (d: Date) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(d);

// A delivered deliverable stays on record and its mandate cannot be deleted, so this test runs on
// a server of its own: the other specs' empty states never see its mandate. (Not by overriding the
// worker's server fixture: a worker fixture of its own makes Playwright restart a worker, and boot
// a shared server again, before and after this spec.)
test("A PM delivers a deliverable and its page states what was delivered, by whom, under which playbook in force", async ({ browser }) => {
  test.setTimeout(240_000);
  await onOwnServer(browser, deliversAndStates);
});

async function deliversAndStates(page: Page, server: RunningServer) {
  const errors = watchPageErrors(page);
  await signInAsAdmin(page, server);
  const client = await createClientOrganization(page, "Contoso Legal");

  const playbook = ((await post(page, server, "/documents", { kind: "PLAYBOOK", title: "NDA playbook (England and Wales)", status: "PUBLISHED", markdown: "Red lines." })).document as { id: string }).id;
  const template = ((await post(page, server, "/documents", { kind: "TEMPLATE", title: "Mutual NDA template", status: "PUBLISHED", markdown: "The parties agree." })).document as { id: string }).id;
  const mandate = (
    await post(page, server, "/mandates", {
      clientOrganizationId: client,
      title: "Contoso NDAs",
      reference: "CT-2026-001",
      pricingModel: "FIXED_PER_DELIVERABLE",
      currency: "GBP",
      budget: "3,000.00",
      startDate: "2026-01-05",
      status: "ACTIVE",
    })
  ).mandate as { id: string; status: string };
  if (mandate.status !== "ACTIVE") await post(page, server, `/mandates/${mandate.id}`, { status: "ACTIVE" }, "patch");
  await post(page, server, `/mandates/${mandate.id}/resources`, { documentId: playbook });
  const deliverable = ((await post(page, server, `/mandates/${mandate.id}/deliverables`, { title: "NDA with Fabrikam", type: "NDA", dueDate: "2026-02-01", fee: "750" })).deliverables as Array<{ id: string }>)[0]!;
  await post(page, server, `/deliverables/${deliverable.id}/documents`, { templateId: template, values: {}, title: "NDA — Contoso and Fabrikam" });

  await page.goto(`/mandates/${mandate.id}`);
  await page.getByRole("button", { name: "Start work: NDA with Fabrikam" }).click();
  await expect(page.getByRole("button", { name: "Mark delivered: NDA with Fabrikam" })).toBeVisible();
  await page.getByRole("button", { name: "Mark delivered: NDA with Fabrikam" }).click();

  const line = page.getByTestId("delivery-record-line");
  const today = longDay(new Date());
  await expect(line).toHaveText(
    new RegExp(`^Delivered “NDA — Contoso and Fabrikam” v\\d+ on ${today} by .+ under NDA playbook \\(England and Wales\\) v1, in force since ${today}\\.$`),
  );
  // The full record lists each version with its content hash.
  await page.getByText("Delivery record", { exact: true }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Template used: Mutual NDA template v1" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "In force: NDA playbook (England and Wales) v1" })).toBeVisible();

  // A delivered deliverable's due date changes only with a reason; the baseline stays beside it.
  const row = page.getByRole("row").filter({ hasText: "NDA with Fabrikam" });
  await row.getByRole("button", { name: "Edit", exact: true }).click();
  // The edit form is a dialog of its own, not squeezed into the Actions cell.
  const dialog = page.getByRole("dialog", { name: "Edit “NDA with Fabrikam”" });
  await expect(dialog).toBeVisible();
  const form = dialog.getByRole("form", { name: "Edit NDA with Fabrikam" });
  await form.getByLabel("Due date").fill("2026-02-15");
  await form.getByRole("button", { name: "Save" }).click();
  // The refusal names the reason field, and says so beside it.
  await expect(row.getByText("Give the reason for changing delivered work.")).toBeVisible();
  await expect(dialog, "a refusal keeps the dialog open, with what was typed").toBeVisible();
  await form.getByLabel("Due date").fill("2026-02-15");
  await form.getByLabel("Reason for changing delivered work").fill("The client asked for a signed copy later.");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(dialog, "a save closes it").toBeHidden();
  await expect(row.getByText("Baseline 2026-02-01")).toBeVisible();
  await expect(row).toContainText("2026-02-15");
  expect(errors, "errors in the browser console").toEqual([]);
}
