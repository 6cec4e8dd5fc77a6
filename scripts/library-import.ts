// npm run library:import -- PATH... [--as EMAIL]
//
// Imports library files (Markdown with front matter, as in playbooks/) from folders or single
// files as a user (default: the provider's first admin): creates documents, updates the ones
// with the same slug, links toolkits, and prints a summary. Safe to repeat: unchanged files are
// left alone. Word (.docx) files are reported, not yet imported.
//
// Exit codes: 0 every file imported or unchanged · 3 some files skipped (the rest imported) ·
// 2 bad arguments or user · 75 the embedded database is in use (stop the server) · 78 bad
// environment · 1 anything else.
import { collectLibraryFiles } from "../server/library/files.ts";
import { progressBar } from "./cli.ts";
import { parseLibraryArgs, withLibrary } from "./library-cli.ts";

const USAGE = `usage: npm run library:import -- PATH... [--as EMAIL]

  PATH        a folder (read recursively) or a .md file with front matter
  --as EMAIL  the user the documents are imported as (default: the first admin)

Stop the server first when it uses the embedded database (no DATABASE_URL).`;

const { paths, as } = parseLibraryArgs(USAGE);
const code = await withLibrary(as, async ({ viewer, library }) => {
  const { sources, skipped: unreadable } = await collectLibraryFiles(paths);
  const summary = await library.importFiles(viewer, sources, ({ done, total }) => progressBar(done, total, "files"));
  const skipped = [...unreadable, ...summary.skipped];
  const unchanged = skipped.filter((s) => s.reason === "unchanged");
  const problems = skipped.filter((s) => s.reason !== "unchanged");
  console.log(`Imported ${summary.imported.length}, updated ${summary.updated.length}, unchanged ${unchanged.length}, skipped ${problems.length} (as ${viewer.email}).`);
  for (const file of summary.imported) console.log(`  + ${file}`);
  for (const file of summary.updated) console.log(`  ~ ${file}`);
  for (const { file, reason } of problems) console.log(`  ! ${file}: ${reason}`);
  return problems.length ? 3 : 0;
}).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  return 1;
});
process.exit(code);
