import fs from "node:fs";
import path from "node:path";
import express, { type RequestHandler } from "express";
import { chooseContentCoding } from "./accept-encoding.ts";
import { varyOnAcceptEncoding } from "./compressible.ts";

const CODING_SUFFIX = { br: ".br", gzip: ".gz" } as const;

/**
 * Serves the hashed assets under `dir`, each in the coding the client accepts when the build
 * wrote one beside it (`x.js.br`, `x.js.gz`; scripts/precompress.ts): compressed once at
 * maximum quality, never per request. The folder is read once at start — a build is immutable
 * while it is served. Every asset that has a compressed sibling varies on Accept-Encoding;
 * the rest, and clients that accept neither coding, get the file as it is.
 */
export function precompressedAssets(dir: string, options: { maxAge: string }): RequestHandler {
  const codings = new Map<string, Set<"br" | "gzip">>();
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: "utf8" }) : []) {
    for (const [coding, suffix] of Object.entries(CODING_SUFFIX) as ["br" | "gzip", string][]) {
      if (!name.endsWith(suffix)) continue;
      const original = `/${name.slice(0, -suffix.length).split(path.sep).join("/")}`;
      codings.set(original, (codings.get(original) ?? new Set()).add(coding));
    }
  }
  const identity = express.static(dir, { immutable: true, maxAge: options.maxAge });

  return (req, res, next) => {
    const available = codings.get(req.path);
    if (!available || (req.method !== "GET" && req.method !== "HEAD")) return identity(req, res, next);
    varyOnAcceptEncoding(res);
    const coding = chooseContentCoding(req.headers["accept-encoding"]);
    if (coding === "identity" || !available.has(coding)) return identity(req, res, next);
    res.type(path.extname(req.path));
    res.setHeader("Content-Encoding", coding);
    res.sendFile(path.join(dir, req.path + CODING_SUFFIX[coding]), { immutable: true, maxAge: options.maxAge }, (error) => {
      // A client gone mid-file has nothing left to be told.
      if (error && !res.headersSent) next(error);
    });
  };
}
