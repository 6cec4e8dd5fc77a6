import { expect, type Page } from "@playwright/test";
import type { RunningServer } from "./server.ts";

/** The JSON API as a signed-in page (its session cookie, our Origin): each call must succeed. */
export function apiAs(page: Page, server: RunningServer) {
  const headers = { Origin: server.url };
  const ok = async <T>(response: Awaited<ReturnType<Page["request"]["get"]>>) => {
    expect(response.status(), `${response.url()}: ${await response.text()}`).toBeLessThan(300);
    return (response.status() === 204 ? undefined : await response.json()) as T;
  };
  return {
    get: async <T>(url: string) => ok<T>(await page.request.get(url, { headers })),
    post: async <T = unknown>(url: string, data: unknown) => ok<T>(await page.request.post(url, { data, headers })),
    patch: async <T = unknown>(url: string, data: unknown) => ok<T>(await page.request.patch(url, { data, headers })),
    delete: async (url: string) => ok<void>(await page.request.delete(url, { headers })),
    /** The id of the starter library's document of that kind and title, once the first start has imported it. */
    starterDocument: async (kind: string, title: string) => {
      let id: string | undefined;
      await expect
        .poll(
          async () => {
            const { documents } = await ok<{ documents: { id: string; title: string }[] }>(
              await page.request.get(`/api/v1/documents?kind=${kind}&q=${encodeURIComponent(title)}`, { headers }),
            );
            id = documents.find((d) => d.title === title)?.id;
            return id;
          },
          { message: `the starter library's ${kind} “${title}”`, timeout: 60_000 },
        )
        .toBeTruthy();
      return id!;
    },
  };
}
