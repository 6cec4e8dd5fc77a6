// npm run db:migrate -- NAME : applies pending migrations, writes a new one from schema.prisma
// if they differ, and applies it. Works offline (no Prisma schema-engine binary needed).
import { createMigration, applyMigrations } from "../server/db/migrate.ts";
import { fail, loadConfigOrExit, openDatabaseOrExit } from "./cli.ts";

const name = process.argv[2];
if (!name || !/^[A-Za-z0-9_-]+$/.test(name)) fail(2, "usage: npm run db:migrate -- NAME   (letters, digits, _ and - only)");
const db = await openDatabaseOrExit(loadConfigOrExit());
try {
  if (db.appliedMigrations.length) console.log(`Applied: ${db.appliedMigrations.join(", ")}`);
  const created = await createMigration(db.factory, name);
  if (!created) {
    console.log("Already in sync: schema.prisma matches the migrations.");
  } else {
    console.log(`Created prisma/migrations/${created}/migration.sql`);
    const applied = await applyMigrations(db.factory);
    console.log(`Applied: ${applied.join(", ")}`);
  }
} finally {
  await db.close();
}
process.exit(0);
