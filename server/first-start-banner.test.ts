import { describe, expect, test } from "vitest";
import { firstStartBanner } from "./first-start-banner.ts";

const ADMIN = { email: "admin@precedent.local", password: "abcd12-efgh34" };

describe("first-start banner", () => {
  test("points to the Account page for changing the password, on either database", () => {
    for (const database of ["pglite", "postgres"] as const) {
      const banner = firstStartBanner({ ...ADMIN, database });
      expect(banner).toContain("password: abcd12-efgh34");
      expect(banner).toContain("To change it: sign in, open the account menu (top right) → Account → Change password.");
    }
  });

  test("on the embedded database, says to stop the server before user:create (which refuses while it runs)", () => {
    const banner = firstStartBanner({ ...ADMIN, database: "pglite" });
    expect(banner).toContain("Stop the server, run `npm run user:create -- --email admin@precedent.local");
    expect(banner).not.toContain("beside the server");
  });

  test("on PostgreSQL, offers user:create beside the running server", () => {
    const banner = firstStartBanner({ ...ADMIN, database: "postgres" });
    expect(banner).toContain("Run beside the server: `npm run user:create -- --email admin@precedent.local");
    expect(banner).not.toContain("Stop the server");
  });
});
