// Every page of the app, on one seeded server (issue 14):
// - it fits a phone's, a tablet's and a laptop's width without sideways scrolling (WCAG 1.4.10,
//   reflow); a page that does is photographed at that width, kept with the test's results
//   (test-results/e2e, not committed);
// - axe-core finds no serious or critical violation of WCAG 2.1 A and AA on it at 1,280 px, once
//   it has loaded what it shows (the document page: its editor), nor over the account menu, the
//   keyboard shortcuts and the phone's navigation drawer open.
// One walk of the routes does both, loading each route once: seeding a server and visiting its 31
// routes is most of the time. The longest test of the run:
// its file sorts first, so a worker starts it first and the other works through the rest.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { seedEveryRoute, visit } from "./support/every-route.ts";
import { startServer } from "./support/server.ts";

const WIDTHS_WIDEST_FIRST = [1280, 768, 390];
const AXE_WIDTH = 1280;
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const BLOCKING = new Set(["serious", "critical"]);

/** Two frames: what a resize re-renders (media-query hooks included) has been laid out. */
const afterLayout = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

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

/** Each serious or critical violation on the page as it is now: rule, what it asks, where (the first few elements). */
async function blockingViolations(page: Page, where: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return violations
    .filter((v) => BLOCKING.has(v.impact ?? ""))
    .map((v) => {
      const targets = v.nodes.slice(0, 3).map((n) => n.target.join(" "));
      const more = v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : "";
      return `${where}: [${v.impact}] ${v.id}: ${v.help} at ${targets.join(" | ")}${more}`;
    });
}

// A server of its own: the mandates, documents and client this test makes must not show in the
// other specs' pages (they share their worker's server, and some expect an empty list).
test("Every page fits 390, 768 and 1,280 px without sideways scrolling and has no serious or critical axe-core violations, nor have the account menu and the navigation drawer", async ({
  browser,
}, testInfo) => {
  // About three minutes on an idle 2-core machine; a crowded one takes several times that.
  test.setTimeout(900_000);
  const server = await startServer();
  try {
    const app = await seedEveryRoute(browser, server);
    try {
      const overflows: string[] = [];
      const violations: string[] = [];
      for (const page of Object.values(app.pages)) await page.setViewportSize({ width: AXE_WIDTH, height: 800 });
      for (const route of app.routes) {
        const where = `${route.name} (${route.path})`;
        const page = await visit(app.pages, route);
        await page.waitForLoadState("networkidle");
        violations.push(...(await blockingViolations(page, where)));
        // One load per route, then narrowed as a window is: loading each route at each width took
        // three times as long and found nothing more (the layout is CSS and media queries).
        for (const width of WIDTHS_WIDEST_FIRST) {
          await page.setViewportSize({ width, height: 800 });
          await afterLayout(page);
          const { overflow, culprits } = await sidewaysOverflow(page);
          if (overflow <= 0) continue;
          overflows.push(`${where} at ${width} px scrolls ${overflow} px sideways (${culprits.join(", ")})`);
          const name = `${width}-${route.name.replace(/[^a-z0-9]+/gi, "-").replace(/-$/, "")}.png`;
          await page.screenshot({ path: testInfo.outputPath(name), fullPage: true });
        }
        await page.setViewportSize({ width: AXE_WIDTH, height: 800 });
      }

      // Menus and dialogs render only when open: opened over the library.
      const admin = app.pages.admin;
      await visit(app.pages, { name: "library", path: "/library", as: "admin" });
      await admin.getByRole("button", { name: /^Account: / }).click();
      await expect(admin.getByRole("menu")).toBeVisible();
      violations.push(...(await blockingViolations(admin, "account menu open")));
      await admin.keyboard.press("Escape");
      await expect(admin.getByRole("menu")).toBeHidden();

      await admin.keyboard.press("?");
      await expect(admin.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
      violations.push(...(await blockingViolations(admin, "keyboard shortcuts dialog open")));
      await admin.keyboard.press("Escape");
      await expect(admin.getByRole("dialog")).toBeHidden();

      await admin.setViewportSize({ width: 390, height: 800 });
      await admin.getByRole("button", { name: "Menu" }).click();
      await expect(admin.getByRole("dialog")).toBeVisible();
      violations.push(...(await blockingViolations(admin, "navigation drawer open at 390 px")));

      // Soft: a page that scrolls sideways does not hide an axe violation, nor the other way round.
      expect.soft(overflows, "pages that scroll sideways").toEqual([]);
      expect.soft(violations, "serious or critical axe-core violations").toEqual([]);
      expect(app.errors, "errors in the page").toEqual([]);
    } finally {
      await app.close();
    }
  } finally {
    await server.stop();
  }
});
