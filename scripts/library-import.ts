// npm run library:import -- PATH... [--as EMAIL] [--kind KIND]
//
// Imports library files from folders or single files as a user (default: the provider's first
// admin): Markdown with front matter (as in playbooks/) and Word (.docx) files. Creates
// documents, updates the ones with the same slug (a Word file's slug is its file name), links
// toolkits, and prints a summary: each created or updated document's link, and what Word files
// held that a document cannot (images, comments…). Safe to repeat: unchanged files are left alone.
//
// Exit codes: 0 every file imported or unchanged · 3 some files skipped (the rest imported) ·
// 2 bad arguments or user · 75 the embedded database is in use (stop the server) · 78 bad
// environment · 1 anything else.
import { collectLibraryFiles } from "../server/library/files.ts";
import { progressBar } from "./cli.ts";
import { parseLibraryArgs, withLibrary } from "./library-cli.ts";

const USAGE = `usage: npm run library:import -- PATH... [--as EMAIL] [--kind KIND]

  PATH         a folder (read recursively), a .md file with front matter or a .docx file
  --as EMAIL   the user the documents are imported as (default: the first admin)
  --kind KIND  what Word files become: precedent (default), template or playbook

Word files up to 10 MB. Stop the server first when it uses the embedded database (no DATABASE_URL).`;

const { paths, as, kind } = parseLibraryArgs(USAGE, { withKind: true });
const code = await withLibrary(as, async ({ viewer, library, appUrl }) => {
  const { sources, skipped: unreadable } = await collectLibraryFiles(paths, { docxKind: kind });
  const summary = await library.importFiles(viewer, sources, ({ done, total }) => progressBar(done, total, "files"));
  const skipped = [...unreadable, ...summary.skipped];
  const unchanged = skipped.filter((s) => s.reason === "unchanged");
  const problems = skipped.filter((s) => s.reason !== "unchanged");
  console.log(`Imported ${summary.imported.length}, updated ${summary.updated.length}, unchanged ${unchanged.length}, skipped ${problems.length} (as ${viewer.email}).`);
  for (const { file, link } of summary.imported) console.log(`  + ${file}  ${new URL(link, appUrl)}`);
  for (const { file, link } of summary.updated) console.log(`  ~ ${file}  ${new URL(link, appUrl)}`);
  for (const { file, reason } of problems) console.log(`  ! ${file}: ${reason}`);
  if (summary.warnings.length) console.log("Not carried over from Word files:");
  for (const { file, message } of summary.warnings) console.log(`  ? ${file}: ${message}`);
  return problems.length ? 3 : 0;
}, { writesContent: true }).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  return 1;
});
process.exit(code);
