import type { Browser, Page } from "@playwright/test";
import { expect } from "../fixtures.ts";
import { startServer, type RunningServer } from "./server.ts";

/**
 * Runs `steps` in a page of its own on a server of its own, for a test whose data must not meet
 * the other specs' (they share their worker's server, and some expect an empty list). The page's
 * errors fail the test; the server is stopped by its pid whatever happens.
 */
export async function onOwnServer(browser: Browser, steps: (page: Page, server: RunningServer) => Promise<void>) {
  const server = await startServer();
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    await steps(page, server);
    expect(errors, "errors in the page").toEqual([]);
  } finally {
    await context.close();
    await server.stop();
  }
}
