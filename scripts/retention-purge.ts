// npm run retention:purge [-- --dry-run]
//
// Empties the trash of what has been there longer than TRASH_DAYS (30), except what a legal hold
// or the retention period (RETENTION_YEARS after the mandate closed) keeps; prints what went and
// what stayed, and why. The server runs the same purge every few hours by itself (ADR 021).
// `--dry-run` says what would go without deleting anything.
//
// Exit codes: 0 done · 75 the embedded database is in use by another process (nothing changed)
// · 78 bad environment · 1 anything else.
import { createLogger } from "../server/logger.ts";
import { presentPurgeReport } from "../server/retention/index.ts";
import { loadConfigOrExit, openServicesOrExit, runMain } from "./cli.ts";

async function main() {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log("usage: npm run retention:purge [-- --dry-run]\n\nRemoves documents in the trash for over 30 days, unless a legal hold or RETENTION_YEARS keeps them.");
    process.exit(0);
  }
  const unknown = args.filter((a) => a !== "--dry-run");
  if (unknown.length) {
    console.error(`Unknown option(s): ${unknown.join(" ")}. Use --dry-run or nothing.`);
    process.exit(64);
  }
  const config = loadConfigOrExit();
  const { services, close } = await openServicesOrExit(config, createLogger("warn"));
  let code = 0;
  try {
    const report = presentPurgeReport(await services.retention.purge({ dryRun: args.includes("--dry-run") }));
    const verb = report.dryRun ? "Would purge" : "Purged";
    console.log(`${verb} ${report.purged.length} document(s); kept ${report.kept.length} past the trash period (RETENTION_YEARS=${config.retentionYears}).`);
    for (const p of report.purged) console.log(`  - ${p.title} (${p.id})`);
    for (const k of report.kept) console.log(`  kept: ${k.title} (${k.id}): ${k.because.join("; ")}`);
  } catch (error) {
    console.error(`The purge failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    code = 1;
  } finally {
    await close();
  }
  process.exit(code);
}

runMain(main);
