// npm run db:migrate -- NAME : applies pending migrations, writes a new one from schema.prisma
// if they differ, and applies it. Works offline (no Prisma schema-engine binary needed).
import { createMigration } from "../server/db/migrate.ts";
import { createLogger } from "../server/logger.ts";
import { fail, loadConfigOrExit, openServicesOrExit } from "./cli.ts";

const name = process.argv[2];
if (!name || !/^[A-Za-z0-9_-]+$/.test(name)) fail(2, "usage: npm run db:migrate -- NAME   (letters, digits, _ and - only)");
const { db, close } = await openServicesOrExit(loadConfigOrExit(), createLogger("warn"));
try {
  if (db.appliedMigrations.length) console.log(`Applied: ${db.appliedMigrations.join(", ")}`);
  const created = await createMigration(db.factory, name);
  if (!created) {
    console.log("Already in sync: schema.prisma matches the migrations.");
  } else {
    console.log(`Created prisma/migrations/${created}/migration.sql`);
    const applied = await db.migrate();
    console.log(`Applied: ${applied.join(", ")}`);
  }
} finally {
  await close();
}
process.exit(0);
