// Every page fits the screen it is on: no sideways scrolling at a phone's, a tablet's and a laptop's
// width (issue 14). Each page is also photographed at each width, kept with the test's results
// (test-results/e2e, not committed) for review.
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { createClientOrganization } from "./support/invite.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

const WIDTHS = [390, 768, 1280];

async function post<T>(page: Page, server: RunningServer, url: string, data: unknown): Promise<T> {
  const response = await page.request.post(url, { data, headers: { Origin: server.url } });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return (await response.json()) as T;
}

/** How far the page scrolls sideways, and the widest elements that make it (for the failure message). */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    const culprits = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
      .slice(-3)
      .map((e) => `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).split(" ").join(".")}` : ""}`);
    return { overflow: root.scrollWidth - root.clientWidth, culprits };
  });

// A server of its own: the mandates, documents and client this test makes must not show in the
// other specs' pages (they share their worker's server, and some expect an empty list).
test("Every page fits 390, 768 and 1,280 px without sideways scrolling", async ({ browser }, testInfo) => {
  test.setTimeout(300_000);
  const server = await startServer();
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    await checkEveryPage(page, server, testInfo.outputPath.bind(testInfo));
    expect(errors, "errors in the page").toEqual([]);
  } finally {
    await context.close();
    await server.stop();
  }
});

async function checkEveryPage(page: Page, server: RunningServer, outputPath: (name: string) => string) {
  await signInAsAdmin(page, server);
  const clientId = await createClientOrganization(page, "Northwind Retail International Holdings");
  // Long titles and a long body: what makes pages wide.
  const body = Array.from({ length: 30 }, (_, i) => `## Clause ${i + 1}: limitation of liability and indemnities\n\nThe supplier shall indemnify the customer against all losses arising from a breach of clause ${i + 1}.`).join("\n\n");
  const { document: playbook } = await post<{ document: { id: string } }>(page, server, "/api/v1/documents", {
    kind: "PLAYBOOK",
    title: "SaaS contract review playbook for enterprise customers (England and Wales)",
    status: "PUBLISHED",
    markdown: body,
  });
  const { mandate } = await post<{ mandate: { id: string } }>(page, server, "/api/v1/mandates", {
    clientOrganizationId: clientId,
    title: "Northwind supplier onboarding and contract review programme 2026",
    reference: "NW-2026-014",
    pricingModel: "CAPPED",
    currency: "EUR",
    budget: "10,000",
    startDate: "2026-01-05",
  });
  await post(page, server, `/api/v1/mandates/${mandate.id}/deliverables`, { title: "Review of the master services agreement with Contoso", type: "REVIEW", dueDate: "2026-02-01", fee: "1,500" });

  // The trash with a document in it: its table has a form in every row.
  const { document: deleted } = await post<{ document: { id: string } }>(page, server, "/api/v1/documents", {
    kind: "PRECEDENT",
    title: "Superseded limitation of liability clause for the Contoso master services agreement",
    markdown: "Body.",
  });
  const removed = await page.request.delete(`/api/v1/documents/${deleted.id}`, { headers: { Origin: server.url } });
  expect(removed.status(), await removed.text()).toBeLessThan(300);

  const routes = [
    "/library",
    "/library/new",
    "/library/import",
    "/search?q=indemnify",
    "/mandates",
    "/mandates/new",
    `/mandates/${mandate.id}`,
    "/dashboard",
    "/reviews",
    "/trash",
    "/admin",
    `/clients/${clientId}/access`,
    "/notifications",
    "/settings/tokens",
    "/settings/account",
    `/documents/${playbook.id}`,
    `/documents/${playbook.id}/versions`,
  ];
  const failures: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    for (const route of routes) {
      await page.goto(route);
      await expect(page.locator("main h1").first()).toBeVisible();
      const { overflow, culprits } = await sidewaysOverflow(page);
      if (overflow > 0) failures.push(`${route} at ${width} px scrolls ${overflow} px sideways (${culprits.join(", ")})`);
      const name = `${width}${route.replace(/[^a-z0-9]+/gi, "-").replace(/-$/, "")}.png`;
      await page.screenshot({ path: outputPath(name), fullPage: true });
    }
  }
  expect(failures).toEqual([]);
}
