import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { BUILD_OUTPUTS, computeBuildStamp, decideBuild, removeBuildStamp, writeBuildStamp } from "./build-stamp.ts";

let root: string;

/** A project with sources and a finished build stamped for them. */
function builtProject() {
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  write("app/root.tsx", "export default function App() {}\n");
  write("server/index.ts", "console.log('up');\n");
  write("prisma/schema.prisma", "model User { id String @id }\n");
  write("package-lock.json", "{}\n");
  for (const output of BUILD_OUTPUTS) write(output.endsWith("assets") ? `${output}/entry.js` : output, "built\n");
  writeBuildStamp(root, computeBuildStamp(root));
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-stamp-"));
  builtProject();
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("build stamp", () => {
  test("reuses the build when no source changed", () => {
    expect(decideBuild(root, computeBuildStamp(root))).toEqual({ rebuild: false });
  });

  test("rebuilds when a source, the schema or the lock file changes, or a source is added", () => {
    for (const [file, text] of [
      ["server/index.ts", "console.log('changed');\n"],
      ["prisma/schema.prisma", "model User { id Int @id }\n"],
      ["package-lock.json", '{"lockfileVersion":3}\n'],
      ["app/routes/new.tsx", "export default function New() {}\n"],
    ] as const) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
      expect(decideBuild(root, computeBuildStamp(root))).toEqual({ rebuild: true, reason: "the sources changed since the last build" });
      writeBuildStamp(root, computeBuildStamp(root));
    }
  });

  test("ignores test files, which are never built", () => {
    fs.writeFileSync(path.join(root, "server/index.test.ts"), "test('x', () => {});\n");
    expect(decideBuild(root, computeBuildStamp(root))).toEqual({ rebuild: false });
  });

  test("rebuilds when an output is missing, whatever the stamp says", () => {
    fs.rmSync(path.join(root, "dist"), { recursive: true });
    expect(decideBuild(root, computeBuildStamp(root))).toEqual({ rebuild: true, reason: "dist/server/index.js is missing" });
  });

  test("rebuilds when the build has no stamp (one that failed or was interrupted)", () => {
    removeBuildStamp(root);
    expect(decideBuild(root, computeBuildStamp(root))).toEqual({ rebuild: true, reason: "the build has no stamp" });
  });
});
