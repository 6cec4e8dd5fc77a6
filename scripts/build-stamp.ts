// The build stamp: one hash of everything `npm run build` reads, written beside the build.
// `npm start` rebuilds only when the hash differs or an output is missing (ADR 027); a build
// that fails or is interrupted leaves no stamp, so the next start builds again.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * What the build reads: the UI and server sources (the generated Prisma client sits in server/),
 * the schema it is generated from, public/ (copied into the client build), the locked dependency
 * versions, and the configuration and scripts of the build itself. Tests are never bundled.
 */
export const STAMP_INPUTS = [
  "app",
  "server",
  "public",
  "prisma/schema.prisma",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "vite.config.ts",
  "scripts/build.ts",
  "scripts/build-stamp.ts",
  "scripts/bundle-server.ts",
  "scripts/precompress.ts",
];
const NOT_BUILT = /\.test\.tsx?$/;

/** The outputs `npm start` needs; if one is missing the build is redone whatever the stamp says. */
export const BUILD_OUTPUTS = ["build/server/index.js", "build/client/assets", "dist/server/index.js"];
export const STAMP_FILE = "build/stamp";

/** A hash of every input file's path and bytes, in a fixed order. */
export function computeBuildStamp(root: string): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) visit(path.posix.join(relative, name));
    } else if (!NOT_BUILT.test(relative)) {
      hash.update(`${relative}\0${stat.size}\0`).update(fs.readFileSync(full));
    }
  };
  for (const input of STAMP_INPUTS) visit(input);
  return hash.digest("hex");
}

export type BuildDecision = { rebuild: false } | { rebuild: true; reason: string };

/** Whether the build in `root` can be reused for sources whose stamp is `stamp`. */
export function decideBuild(root: string, stamp: string): BuildDecision {
  const missing = BUILD_OUTPUTS.find((output) => !fs.existsSync(path.join(root, output)));
  if (missing) return { rebuild: true, reason: `${missing} is missing` };
  const stampFile = path.join(root, STAMP_FILE);
  if (!fs.existsSync(stampFile)) return { rebuild: true, reason: "the build has no stamp" };
  if (fs.readFileSync(stampFile, "utf8").trim() !== stamp) return { rebuild: true, reason: "the sources changed since the last build" };
  return { rebuild: false };
}

export function writeBuildStamp(root: string, stamp: string): void {
  fs.writeFileSync(path.join(root, STAMP_FILE), `${stamp}\n`);
}

export function removeBuildStamp(root: string): void {
  fs.rmSync(path.join(root, STAMP_FILE), { force: true });
}
