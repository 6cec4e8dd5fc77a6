// npm run library:export -- FOLDER [--as EMAIL]
//
// Writes every document the user can read (default: the provider's first admin; archived
// documents aside) to FOLDER as <slug>.md with front matter, the form playbooks/ uses, so a firm
// can keep its library in git. Importing the folder again changes nothing. Files of documents
// that no longer exist are not deleted.
//
// Exit codes: 0 done · 2 bad arguments or user · 75 the embedded database is in use (stop the
// server) · 78 bad environment · 1 anything else.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { progressBar } from "./cli.ts";
import { parseLibraryArgs, withLibrary } from "./library-cli.ts";

const USAGE = `usage: npm run library:export -- FOLDER [--as EMAIL]

  FOLDER      where the .md files go (created if missing; files of the same name are replaced)
  --as EMAIL  whose view of the library to export (default: the first admin)`;

const { paths, as } = parseLibraryArgs(USAGE);
if (paths.length !== 1) {
  console.error(USAGE);
  process.exit(2);
}
const folder = paths[0]!;
const code = await withLibrary(as, async ({ viewer, library }) => {
  const files = await library.exportAll(viewer);
  await mkdir(folder, { recursive: true });
  let written = 0;
  for (const [index, { file, content }] of files.entries()) {
    const target = path.join(folder, file);
    // An unchanged file is not rewritten: its modification time (and git status) stay put.
    const current = await readFile(target, "utf8").catch(() => undefined);
    if (current !== content) {
      await writeFile(target, content);
      written++;
    }
    progressBar(index + 1, files.length, "documents");
  }
  console.log(`Exported ${files.length} documents to ${folder} (${written} files written, ${files.length - written} unchanged; as ${viewer.email}).`);
  return 0;
}, { writesContent: false }).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  return 1;
});
process.exit(code);
