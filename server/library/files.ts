import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { ImportSkip, LibrarySource } from "./import.ts";

/** The starter library shipped with the app: playbooks/ at the root, from server/library/ and from the bundle in dist/server/ alike. */
export const STARTER_LIBRARY_DIR = path.resolve(import.meta.dirname, "../../playbooks");

/**
 * Library files under the given paths (folders are read recursively, in name order). Markdown
 * only for now: any other file is reported, never silently passed over.
 */
export async function collectLibraryFiles(paths: string[]): Promise<{ sources: LibrarySource[]; skipped: ImportSkip[] }> {
  const sources: LibrarySource[] = [];
  const skipped: ImportSkip[] = [];
  async function visit(file: string) {
    const info = await stat(file);
    if (info.isDirectory()) {
      const entries = (await readdir(file)).filter((name) => !name.startsWith(".")).sort();
      for (const name of entries) await visit(path.join(file, name));
    } else if (file.toLowerCase().endsWith(".md")) {
      sources.push({ file, content: await readFile(file, "utf8") });
    } else if (file.toLowerCase().endsWith(".docx")) {
      skipped.push({ file, reason: "Word (.docx) import is not available yet: save it as Markdown with front matter" });
    } else {
      skipped.push({ file, reason: "not a library file (.md)" });
    }
  }
  for (const p of paths) {
    try {
      await visit(p);
    } catch (error) {
      skipped.push({ file: p, reason: (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or folder" : String(error) });
    }
  }
  return { sources, skipped };
}
