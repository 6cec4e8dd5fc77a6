// Playwright fixtures: one freshly installed server per worker (the built bundle on an empty
// data folder), baseURL pointing at it, and a guard that fails a test on any uncaught error
// in the page. Every spec takes `test` from here, a spec with servers of its own too: Playwright
// reuses a worker only for specs with the same worker fixtures, so a spec with other ones (the
// plain @playwright/test, or its own `server`) stops a worker and boots a browser and a server again.
import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type Page } from "@playwright/test";
import { startServer, type RunningServer } from "./support/server.ts";

type WorkerFixtures = { server: RunningServer };
type TestFixtures = { pageErrors: string[] };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    async ({}, use, workerInfo) => {
      const server = await startServer();
      try {
        await use(server);
      } finally {
        await server.stop();
        fs.mkdirSync(workerInfo.project.outputDir, { recursive: true });
        fs.writeFileSync(path.join(workerInfo.project.outputDir, `server-worker-${workerInfo.workerIndex}.log`), server.log());
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],

  baseURL: async ({ server }, use) => {
    await use(server.url);
  },

  pageErrors: [
    async ({ page, server }, use, testInfo) => {
      const errors = watchPageErrors(page);
      const logBefore = server.log().length;
      await use(errors);
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach("server output during this test", {
          body: server.log().slice(logBefore),
          contentType: "text/plain",
        });
      }
      expect(errors, "errors in the browser console").toEqual([]);
    },
    { auto: true },
  ],
});

/** The page's uncaught errors and console errors from now on, for a test to expect none. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // A 4xx answer to a form post is logged by Chromium as a failed resource: not a bug.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      errors.push(`console.error: ${message.text()}`);
    }
  });
  return errors;
}

export { expect };
