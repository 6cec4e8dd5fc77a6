// The library commands as an operator runs them, on an embedded data folder: import the
// starter set with a progress bar and summary, export it back to the same bytes, re-import
// with nothing to do.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { ROOT, runScript } from "../helpers/cli.ts";



describe("library:import and library:export", () => {
  // Six CLI processes, each opening a file-backed PGlite folder: ~50 s on a quiet 2-core machine, far more under load.
  test("import the starter set, export it byte for byte, re-import with nothing to do", { timeout: 360_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-library-"));
    const dataDir = path.join(dir, "data");
    try {
      const admin = await runScript("user-create", ["--email", "admin@library.test", "--password", "a long passphrase", "--role", "ADMIN"], dataDir);
      expect(admin.code, admin.stderr).toBe(0);

      const imported = await runScript("library-import", ["playbooks", "README.md"], dataDir);
      expect(imported.code, imported.stderr).toBe(3); // README.md has no front matter
      expect(imported.stdout).toContain("Imported 12, updated 0, unchanged 0, skipped 1 (as admin@library.test).");
      expect(imported.stdout).toMatch(/! README\.md: line 1: The file must start with a --- line/);
      expect(imported.stderr).toContain("13/13 files"); // every file read counts, README.md too

      const out = path.join(dir, "export");
      const exported = await runScript("library-export", [out], dataDir);
      expect(exported.code, exported.stderr).toBe(0);
      for (const file of fs.readdirSync(path.join(ROOT, "playbooks"))) {
        expect(fs.readFileSync(path.join(out, file), "utf8"), file).toBe(fs.readFileSync(path.join(ROOT, "playbooks", file), "utf8"));
      }

      const again = await runScript("library-import", [out], dataDir);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain("Imported 0, updated 0, unchanged 12, skipped 0");

      const word = await runScript("library-import", ["test/fixtures/docx/services-agreement.docx", "test/fixtures/docx/side-letter-with-extras.docx", "--kind", "template"], dataDir);
      expect(word.code, word.stderr).toBe(0);
      expect(word.stdout).toContain("Imported 2, updated 0, unchanged 0, skipped 0");
      // Each imported document is linked, from where the app is served.
      expect(word.stdout).toMatch(/^  \+ test\/fixtures\/docx\/services-agreement\.docx  http:\/\/[^/\s]+\/documents\/\w+$/m);
      expect(word.stdout).toContain("  ? test/fixtures/docx/side-letter-with-extras.docx: 1 image left out (documents hold text only)");

      const badKind = await runScript("library-import", ["test/fixtures/docx", "--kind", "toolkit"], dataDir);
      expect(badKind.code).toBe(2);
      expect(badKind.stderr).toContain("--kind is one of precedent, template, playbook.");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
