import { describe, expect, test } from "vitest";
import { firstStartBanner } from "./first-start-banner.ts";

const ADMIN = { email: "admin@precedent.local", password: "abcd12-efgh34" };

describe("first-start banner", () => {
  test("on the embedded database, says to stop the server before user:create (which refuses while it runs)", () => {
    const banner = firstStartBanner({ ...ADMIN, database: "pglite" });
    expect(banner).toContain("password: abcd12-efgh34");
    expect(banner).toContain("stop the server, run `npm run user:create -- --email admin@precedent.local");
    expect(banner).not.toContain("beside the server");
  });

  test("on PostgreSQL, offers user:create beside the running server", () => {
    const banner = firstStartBanner({ ...ADMIN, database: "postgres" });
    expect(banner).toContain("run beside the server: `npm run user:create -- --email admin@precedent.local");
    expect(banner).not.toContain("stop the server");
  });

  test("offers the invitation flow, which works while the server runs, on either database", () => {
    for (const database of ["pglite", "postgres"] as const) {
      expect(firstStartBanner({ ...ADMIN, database })).toMatch(/While the server runs: .*invite yourself/);
    }
  });
});
