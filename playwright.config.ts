import { defineConfig, devices } from "@playwright/test";

import { CHROMIUM, CHROMIUM_ARGS } from "./test/e2e/support/browser.ts";

const CI = !!process.env.CI;

// The tests start the built server themselves (test/e2e/fixtures.ts), one per worker, on a
// fresh data folder and a free port: no webServer block, nothing shared between runs.
export default defineConfig({
  testDir: "test/e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./test/e2e/global-setup.ts",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  forbidOnly: CI,
  retries: 0,
  // Two workers on CI's two cores too: one worker took `npm test` past its 20 minutes. Each worker
  // has its own server; a spec that needs an empty world (accessibility, mandates, the
  // palette's mandate test) starts one of its own.
  workers: 2,
  reporter: CI ? [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]] : [["list"]],
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: CHROMIUM,
          // Debian's Chromium (see support/browser.ts), run as root in a container.
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
});
