// How the server is bundled for production (`npm run build`, scripts/build.ts): dependencies stay external
// (node_modules). The collab bench bundles its server entry the same way, so it measures the
// code `npm start` runs (tsx, for one, keeps function names by redefining `name` on every
// closure, which costs each socket's closures a dictionary of properties).
import { build } from "esbuild";

/** `outfile` must sit two folders below the project root, as dist/server/index.js does (migrations and playbooks resolve from there). */
export async function bundleServer(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
  });
}
