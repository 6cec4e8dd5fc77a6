// Every page fits the screen it is on: no sideways scrolling at a phone's, a tablet's and a laptop's
// width (issue 14). Each page is also photographed at each width, kept with the test's results
// (test-results/e2e, not committed) for review.
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { seedEveryRoute, visit } from "./support/every-route.ts";
import { startServer } from "./support/server.ts";

const WIDTHS = [390, 768, 1280];

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
  test.setTimeout(600_000);
  const server = await startServer();
  try {
    const app = await seedEveryRoute(browser, server);
    try {
      const failures: string[] = [];
      for (const width of WIDTHS) {
        for (const page of Object.values(app.pages)) await page.setViewportSize({ width, height: 800 });
        for (const route of app.routes) {
          const page = await visit(app.pages, route);
          const { overflow, culprits } = await sidewaysOverflow(page);
          if (overflow > 0) failures.push(`${route.name} (${route.path}) at ${width} px scrolls ${overflow} px sideways (${culprits.join(", ")})`);
          const name = `${width}-${route.name.replace(/[^a-z0-9]+/gi, "-").replace(/-$/, "")}.png`;
          await page.screenshot({ path: testInfo.outputPath(name), fullPage: true });
        }
      }
      expect(failures).toEqual([]);
      expect(app.errors, "errors in the page").toEqual([]);
    } finally {
      await app.close();
    }
  } finally {
    await server.stop();
  }
});
