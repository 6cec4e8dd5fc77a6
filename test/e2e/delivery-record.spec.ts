// The delivery record, end to end: a PM marks a deliverable delivered on the mandate page and
// reads its record line — what was delivered, when, by whom, under which playbook version in
// force since when — then changes its due date, which now asks for a reason. Then its effort
// (ADR 039): a rate card for the PM's role, their time entered by keyboard on the deliverable's
// Time page, and the loss warning it raises on a fixed fee.
import type { Page } from "@playwright/test";
import { test, expect, watchPageErrors } from "./fixtures.ts";
import { createClientOrganization } from "./support/invite.ts";
import { apiAs } from "./support/api.ts";
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

  // Delivered: its due date and fee are locked (ADR 041; a change request moves the mandate's terms).
  const row = page.getByRole("row").filter({ hasText: "NDA with Fabrikam" });
  await row.getByRole("button", { name: "Edit", exact: true }).click();
  // The edit form is a dialog of its own, not squeezed into the Actions cell.
  const dialog = page.getByRole("dialog", { name: "Edit “NDA with Fabrikam”" });
  await expect(dialog).toBeVisible();
  const form = dialog.getByRole("form", { name: "Edit NDA with Fabrikam" });
  await expect(form).toContainText("Due 2026-02-01, fee 750.00: locked since delivery.");
  await expect(form.getByLabel("Due date")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("2026-02-01");

  // The PM (the admin here) is a Partner, and a Partner's hour costs the firm 400.00.
  const me = (await apiAs(page, server).get<{ user: { name: string } }>("/api/v1/me")).user.name;
  await page.goto("/admin");
  const titleForm = page.getByRole("form", { name: `Job title of ${me}` });
  await titleForm.getByLabel(`Job title of ${me}`).fill("Partner");
  await titleForm.getByRole("button").click();
  await expect(page.getByRole("status").filter({ hasText: "Job title saved." })).toBeVisible();
  await page.getByRole("link", { name: "Rate cards", exact: true }).click();
  const newCard = page.getByRole("form", { name: "New rate card" });
  await newCard.getByLabel("Role").fill("Partner");
  await newCard.getByLabel("Currency").fill("GBP");
  await newCard.getByLabel("Cost per hour").fill("400");
  await newCard.getByLabel("Valid from").fill("2026-01-01");
  await newCard.getByRole("button", { name: "Add rate card" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rate card added" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Partner" })).toContainText("400.00");

  // Time, by keyboard: an unreadable duration is named beside its field; 2:30 at 400.00/h is 1,000.00, above the 750.00 fee.
  await page.goto(`/mandates/${mandate.id}`);
  await page.getByRole("link", { name: "Time entered on NDA with Fabrikam" }).click();
  const entry = page.getByRole("form", { name: "Enter time" });
  await entry.getByLabel("Day").fill("2026-01-20");
  await entry.getByLabel("Time (hours)").fill("lots");
  await page.keyboard.press("Enter");
  const hours = entry.getByLabel("Time (hours)");
  await expect(entry.getByText("Write the time in hours, like 1.5 or 1:30.")).toBeVisible();
  await expect(hours).toHaveAttribute("aria-invalid", "true");
  await hours.fill("2:30");
  await entry.getByLabel("Task").selectOption("drafting");
  await hours.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Time entered." })).toBeVisible();
  const entryRow = page.getByRole("row").filter({ hasText: "2026-01-20" });
  await expect(entryRow).toContainText("Drafting");
  await expect(entryRow).toContainText("1,000.00");
  await expect(page.getByText("Its cost so far is above its fixed fee: it is losing money.")).toBeVisible();
  // The mandate page flags it and states the estimate at completion.
  await page.getByRole("link", { name: "CT-2026-001" }).click();
  const estimate = page.getByRole("region", { name: "Estimate at completion" });
  await expect(estimate).toContainText("Cost so far");
  await expect(estimate).toContainText("GBP 1,000.00");
  await expect(estimate).toContainText("Loss warning");
  await expect(page.getByRole("row").filter({ hasText: "NDA with Fabrikam" })).toContainText("Loss warning:");
  expect(errors, "errors in the browser console").toEqual([]);
}
