// axe-core over every page of the app, and over the account menu, the keyboard shortcuts and the
// phone's navigation drawer open: no serious or critical violation of WCAG 2.1 A and AA (issue 14). Each page is
// checked once, at 1,280 px, once it has loaded what it shows (the document page: its editor).
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { seedEveryRoute, visit } from "./support/every-route.ts";
import { startServer } from "./support/server.ts";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const BLOCKING = new Set(["serious", "critical"]);

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

// A server of its own, as in layout.spec.ts: what it seeds must not show in the other specs' pages.
test("Every page, the account menu and the navigation drawer have no serious or critical axe-core violations", async ({ browser }) => {
  // About two minutes on an idle 2-core machine; a crowded one takes several times that.
  test.setTimeout(600_000);
  const server = await startServer();
  try {
    const app = await seedEveryRoute(browser, server);
    try {
      const violations: string[] = [];
      for (const page of Object.values(app.pages)) await page.setViewportSize({ width: 1280, height: 800 });
      for (const route of app.routes) {
        const page = await visit(app.pages, route);
        await page.waitForLoadState("networkidle");
        violations.push(...(await blockingViolations(page, `${route.name} (${route.path})`)));
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

      expect(violations, "serious or critical axe-core violations").toEqual([]);
      expect(app.errors, "errors in the page").toEqual([]);
    } finally {
      await app.close();
    }
  } finally {
    await server.stop();
  }
});
