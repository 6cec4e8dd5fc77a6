// Issue 14, "Done when": the document page's JavaScript arrives compressed (brotli) and under
// 350 KiB on the wire, from a cold cache; the page itself is compressed and varies on
// Accept-Encoding (ADR 027).
import type { Response } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

const DOCUMENT_PAGE_JS_BUDGET_BYTES = 350 * 1024;

test("The document page's JavaScript is served with brotli and weighs under 350 KiB transferred", async ({ page, server, browser }) => {
  await signInAsAdmin(page, server);
  const created = await page.request.post("/api/v1/documents", {
    data: { kind: "PLAYBOOK", title: "Governing law playbook", markdown: "# Governing law\n\nEnglish law, London seat." },
    headers: { Origin: server.url },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { document } = (await created.json()) as { document: { id: string } };

  // A new context has an empty cache: every script the page needs crosses the wire.
  const cold = await browser.newContext({ baseURL: server.url, storageState: await page.context().storageState() });
  const coldPage = await cold.newPage();
  const responses: Response[] = [];
  coldPage.on("response", (response) => responses.push(response));
  await coldPage.goto(`/documents/${document.id}`);
  // The editor's code is loaded once the editable body shows.
  await expect(coldPage.getByRole("textbox", { name: "Document body" })).toContainText("English law, London seat.");

  const html = responses.find((r) => new URL(r.url()).pathname === `/documents/${document.id}`);
  expect(await html?.headerValue("content-encoding"), "the page's HTML").toBe("br");
  expect(await html?.headerValue("vary")).toMatch(/Accept-Encoding/);

  const scripts = responses.filter((r) => r.request().resourceType() === "script" || new URL(r.url()).pathname.endsWith(".js"));
  expect(scripts.length).toBeGreaterThan(3);
  let transferred = 0;
  const rows: string[] = [];
  for (const script of scripts) {
    await script.finished();
    const { responseBodySize } = await script.request().sizes();
    transferred += responseBodySize;
    rows.push(`${new URL(script.url()).pathname} ${script.headers()["content-encoding"] ?? "identity"} ${responseBodySize}`);
    if (responseBodySize >= 1024) expect(script.headers()["content-encoding"], script.url()).toBe("br");
  }
  await test.info().attach("document page scripts", { body: `${rows.join("\n")}\ntotal ${transferred}`, contentType: "text/plain" });
  expect(transferred, rows.join("\n")).toBeLessThan(DOCUMENT_PAGE_JS_BUDGET_BYTES);
  await cold.close();
});
