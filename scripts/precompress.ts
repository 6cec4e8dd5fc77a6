// Part of `npm run build` (scripts/build.ts): writes `x.br` and `x.gz` beside each hashed text asset in
// build/client/assets, compressed once at maximum quality, for server/http/precompressed-assets.ts
// to serve. Brotli at quality 11 takes seconds here but saves ~15% over quality 4, and is never
// paid per request.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { COMPRESS_MIN_BYTES } from "../server/config.ts";

const TEXT_ASSET = /\.(js|mjs|css|json|html|svg)$/;

/** Compresses each text asset in `dir` (recursively) that is large enough to gain; returns the files written. */
export function precompressAssets(dir: string): string[] {
  const written: string[] = [];
  for (const name of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (!TEXT_ASSET.test(name)) continue;
    const file = path.join(dir, name);
    const source = fs.readFileSync(file);
    if (source.length < COMPRESS_MIN_BYTES) continue;
    const br = zlib.brotliCompressSync(source, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length,
      },
    });
    const gz = zlib.gzipSync(source, { level: zlib.constants.Z_BEST_COMPRESSION });
    for (const [suffix, body] of [
      [".br", br],
      [".gz", gz],
    ] as const) {
      if (body.length >= source.length) continue;
      fs.writeFileSync(file + suffix, body);
      written.push(file + suffix);
    }
  }
  return written;
}
