import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    include: ["server/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "test/unit/**/*.test.ts", "test/integration/**/*.test.ts", "test/search-eval/**/*.test.ts"],
    globalSetup: ["test/setup/global-setup.ts"],
    setupFiles: ["test/setup/fail-on-console-error.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
    // A worker runs file after file in one process: re-importing the server (Prisma, PGlite,
    // Yjs...) for each of the ~140 files was most of the run. Each file still opens its own
    // database and servers (test/helpers), and nothing in the suite mocks modules.
    isolate: false,
  },
});
