// The operator's path with no UI for it: `npm run user:create` on the server's data folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "./fixtures.ts";
import { startServer } from "./support/server.ts";
import { userCreate } from "./support/user-create.ts";

test("An operator adds a user with user:create and they can sign in", async ({ page }) => {
  test.setTimeout(360_000); // two server starts and two database opens by tsx: slow on a busy 2-core machine
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-e2e-"));
  const user = ["--email", "Pat@Firm.example", "--password", "a long passphrase", "--role", "editor", "--name", "Pat Editor"];
  try {
    const first = await startServer({ dataDir });
    try {
      const busy = await userCreate(user, dataDir);
      expect(busy.code, busy.stdout + busy.stderr).toBe(75);
      expect(busy.stderr).toContain("Stop the server");
    } finally {
      await first.stop();
    }

    const bad = await userCreate(["--email", "not-an-email", "--password", "short", "--role", "boss"], dataDir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Nothing was changed");

    const created = await userCreate(user, dataDir);
    expect(created.code, created.stdout + created.stderr).toBe(0);
    expect(created.stdout).toContain("Created pat@firm.example");

    // A client's organisation is created explicitly; naming it again then finds that one.
    const client = ["--email", "gc@northwind.example", "--password", "a long passphrase", "--role", "CLIENT"];
    const unknown = await userCreate([...client, "--org", "Northwind Retail"], dataDir);
    expect(unknown.code, unknown.stdout + unknown.stderr).toBe(2);
    expect(unknown.stderr).toContain('--create-org "Northwind Retail" creates a new client organisation');
    const gc = await userCreate([...client, "--create-org", "Northwind Retail"], dataDir);
    expect(gc.code, gc.stdout + gc.stderr).toBe(0);
    expect(gc.stdout).toMatch(/CLIENT in Northwind Retail \(client organisation, id \S+\)/);

    const second = await startServer({ dataDir });
    try {
      expect(second.admin, "a second start prints no new admin password").toBeUndefined();
      await page.goto(`${second.url}/login`);
      await page.getByLabel("Email").fill("pat@firm.example");
      await page.getByLabel("Password").fill("a long passphrase");
      await page.getByRole("button", { name: "Sign in" }).click();
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link", { name: "Library", exact: true })).toBeVisible();
      await expect(nav.getByRole("link", { name: "Admin", exact: true }), "editors do not manage members").toHaveCount(0);
      await expect(page.getByRole("banner").getByRole("button", { name: "Account: Pat Editor" })).toBeVisible();
      // Off the page before its server stops: a route manifest fetch still under way would fail in the console.
      await page.goto("about:blank");
    } finally {
      await second.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  expect(errors, "uncaught errors in the page").toEqual([]);
});
