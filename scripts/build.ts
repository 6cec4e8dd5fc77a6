// npm run build: the Remix client and server build, the server bundle, and the precompressed
// assets, then the build stamp. `npm start` runs it with --if-changed: the build is reused when
// the stamp of the sources matches the one written beside it (scripts/build-stamp.ts).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { computeBuildStamp, decideBuild, removeBuildStamp, writeBuildStamp } from "./build-stamp.ts";
import { bundleServer } from "./bundle-server.ts";
import { precompressAssets } from "./precompress.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Hashed before building: a source edited during the build leaves a stamp that does not match it.
const stamp = computeBuildStamp(ROOT);
if (process.argv.includes("--if-changed")) {
  const decision = decideBuild(ROOT, stamp);
  if (!decision.rebuild) {
    console.log("Build is up to date: reusing it (`npm run build` rebuilds).");
    process.exit(0);
  }
  console.log(`Building: ${decision.reason}.`);
}

removeBuildStamp(ROOT);
const remix = spawnSync(path.join(ROOT, "node_modules/.bin/remix"), ["vite:build"], { cwd: ROOT, stdio: "inherit" });
if (remix.status !== 0) process.exit(remix.status ?? 1);
await bundleServer(path.join(ROOT, "server/index.ts"), path.join(ROOT, "dist/server/index.js"));
precompressAssets(path.join(ROOT, "build/client/assets"));
writeBuildStamp(ROOT, stamp);
