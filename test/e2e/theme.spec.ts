// The dark theme (issue 14): with the system set to dark, pages are light text on a dark ground,
// and their text keeps enough contrast (axe-core's colour-contrast rule, the one a theme breaks).
import type { Page } from "@playwright/test";
import { AxeBuilder } from "@axe-core/playwright";
import { test, expect } from "./fixtures.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

/** Relative luminance (WCAG) of the page's background and of its text. */
const pageColours = (page: Page) =>
  page.evaluate(() => {
    const luminance = (css: string) => {
      const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? ["0", "0", "0"]).slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const style = getComputedStyle(document.documentElement);
    return { background: luminance(style.backgroundColor), text: luminance(style.color) };
  });

async function contrastViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withRules(["color-contrast"]).analyze();
  return results.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`));
}

test("With the system in dark mode the app is dark, and its text still reads", async ({ page, server }) => {
  await signInAsAdmin(page, server);
  const created = await page.request.post("/api/v1/documents", {
    data: {
      kind: "PLAYBOOK",
      title: "Dark reading playbook",
      markdown: `## Positions\n\n:::clause {id="c-1" name="Liability cap" escalateTo="Partner"}\n\n:::preferred\n\nTwelve months' fees.\n\n:::\n\n:::fallback\n\nEighteen months' fees.\n\n:::\n\n:::`,
    },
    headers: { Origin: server.url },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { document } = (await created.json()) as { document: { id: string } };

  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/library");
  const light = await pageColours(page);
  expect(light.background).toBeGreaterThan(0.8);
  expect(light.text).toBeLessThan(0.1);

  await page.emulateMedia({ colorScheme: "dark" });
  for (const path of ["/library", `/documents/${document.id}`, "/mandates", "/reviews"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    if (path.startsWith("/documents/")) await expect(page.getByRole("region", { name: "Clause position: Liability cap" })).toBeVisible();
    const dark = await pageColours(page);
    expect(dark.background, `${path}: a dark ground`).toBeLessThan(0.05);
    expect(dark.text, `${path}: light text`).toBeGreaterThan(0.6);
    expect(await contrastViolations(page), `${path}: text with too little contrast in the dark theme`).toEqual([]);
  }
});
