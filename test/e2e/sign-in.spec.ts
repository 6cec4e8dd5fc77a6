import { test, expect } from "./fixtures.ts";

test.describe("first start", () => {
  test("A new install serves sign-in and the printed admin can sign in", async ({ page, server }) => {
    expect(server.admin, `the first start prints an admin sign-in\n${server.log()}`).toBeDefined();
    const admin = server.admin!;
    expect(admin.email).toBe("admin@precedent.local");

    await page.goto("/");
    await expect(page).toHaveURL(/\/login(\?|$)/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).not.toHaveURL(/\/login(\?|$)/);
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Library", "Search", "Mandates", "Admin"]) {
      await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
    }
    // Who is signed in: the account menu in the header says it, with the way out.
    await page.getByRole("banner").getByRole("button", { name: "Account: Demo Admin" }).click();
    const menu = page.getByRole("menu");
    await expect(menu.getByText(admin.email)).toBeVisible();
    await expect(menu.getByText("Demo Admin")).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(menu).toHaveCount(0);
  });

  test("On a phone the header stays one row and the sections open from the menu button", async ({ page, server }) => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto("/login");
    await page.getByLabel("Email").fill(server.admin!.email);
    await page.getByLabel("Password").fill(server.admin!.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/library/);

    const header = page.getByRole("banner");
    expect((await header.boundingBox())!.height).toBeLessThan(80);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await expect(header.getByRole("navigation", { name: "Main" })).toBeHidden();

    await header.getByRole("button", { name: "Menu" }).click();
    const drawer = page.getByRole("dialog", { name: "Precedent" });
    await drawer.getByRole("link", { name: "Mandates", exact: true }).click();
    await expect(page).toHaveURL(/\/mandates$/);
    await expect(drawer).toHaveCount(0);
  });

  test("App pages carry a nonce Content-Security-Policy their scripts keep to, and signed-in pages and data are not stored", async ({ page, server }) => {
    const login = await page.goto("/login");
    const policy = login?.headers()["content-security-policy"] ?? "";
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
    expect(nonce, policy).toBeDefined();
    expect(policy).toContain("connect-src 'self' ws: wss:");
    expect(policy).toContain("frame-ancestors 'none'");
    // Every inline script Remix wrote carries this response's nonce (the browser would refuse it otherwise).
    const html = (await login?.text()) ?? "";
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]!);
    expect(inline.length).toBeGreaterThan(0);
    for (const attributes of inline) expect(attributes).toContain(`nonce="${nonce}"`);

    await page.getByLabel("Email").fill(server.admin!.email);
    await page.getByLabel("Password").fill(server.admin!.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).not.toHaveURL(/\/login(\?|$)/);

    const library = await page.goto("/library");
    expect(library?.headers()["cache-control"]).toContain("no-store");
    const next = /'nonce-([^']+)'/.exec(library?.headers()["content-security-policy"] ?? "")?.[1];
    expect(next).toBeDefined();
    expect(next).not.toBe(nonce);
    // The page hydrates and navigates under the policy (a refused script would fail this test's console check).
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/\/search/);
    const data = await page.request.get("/library.data");
    expect(data.headers()["cache-control"]).toContain("no-store");
    const api = await page.request.get("/api/v1/me");
    expect(api.headers()["cache-control"]).toContain("no-store");
  });

  test("A wrong password shows an announced error and stays on sign-in", async ({ page, server }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(server.admin?.email ?? "admin@precedent.local");
    await page.getByLabel("Password").fill("not-the-printed-password");
    await page.getByRole("button", { name: "Sign in" }).click();

    const alert = page.getByRole("alert");
    await expect(alert).toBeVisible();
    await expect(alert).toHaveText(/\S/);
    await expect(page).toHaveURL(/\/login(\?|$)/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("navigation")).toHaveCount(0);
  });
});
