import { defineConfig } from "prisma/config";

// Used by `prisma generate`. Migrations run offline through scripts/db-migrate.ts
// (the wasm schema engine), not the Prisma CLI: see docs/decisions/002-offline-migrations.md.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
