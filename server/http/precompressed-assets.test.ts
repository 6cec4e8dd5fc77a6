import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { precompressAssets } from "../../scripts/precompress.ts";
import { compressResponses } from "./compress.ts";
import { precompressedAssets } from "./precompressed-assets.ts";

const SCRIPT = `export const clauses = ${JSON.stringify(Array.from({ length: 300 }, (_, i) => `clause ${i}`))};\n`;

let server: http.Server;
let base: string;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-assets-"));
  fs.writeFileSync(path.join(dir, "entry-abc123.js"), SCRIPT);
  fs.writeFileSync(path.join(dir, "tiny-abc123.js"), "export {};\n");
  precompressAssets(dir);
  const app = express();
  // As in server/app.ts: the per-request compressor is installed first and must not touch assets.
  app.use(compressResponses());
  app.use("/assets", precompressedAssets(dir, { maxAge: "1y" }));
  server = app.listen(0);
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

function get(pathname: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { "Accept-Encoding": acceptEncoding };
    http
      .get(`${base}${pathname}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

describe("precompressed assets", () => {
  test("the build writes .br and .gz beside a text asset, and skips one too small to gain", () => {
    expect(fs.existsSync(path.join(dir, "entry-abc123.js.br"))).toBe(true);
    expect(fs.existsSync(path.join(dir, "entry-abc123.js.gz"))).toBe(true);
    expect(fs.existsSync(path.join(dir, "tiny-abc123.js.br"))).toBe(false);
  });

  test("serves the brotli file as it was built, typed as JavaScript, with Vary and a year's immutable cache", async () => {
    const { status, headers, body } = await get("/assets/entry-abc123.js", "gzip, deflate, br");
    expect(status).toBe(200);
    expect(headers["content-encoding"]).toBe("br");
    expect(headers["content-type"]).toMatch(/javascript/);
    expect(headers.vary).toBe("Accept-Encoding");
    expect(headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(body.equals(fs.readFileSync(path.join(dir, "entry-abc123.js.br")))).toBe(true);
    expect(Number(headers["content-length"])).toBe(body.length);
  });

  test("serves gzip to a client without brotli", async () => {
    const { headers, body } = await get("/assets/entry-abc123.js", "gzip");
    expect(headers["content-encoding"]).toBe("gzip");
    expect(body.equals(fs.readFileSync(path.join(dir, "entry-abc123.js.gz")))).toBe(true);
  });

  test("serves identity bytes to a client without Accept-Encoding, with Vary", async () => {
    const { headers, body } = await get("/assets/entry-abc123.js");
    expect(headers["content-encoding"]).toBeUndefined();
    expect(headers.vary).toBe("Accept-Encoding");
    expect(headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(body.toString()).toBe(SCRIPT);
  });

  test("serves an asset without a compressed sibling as it is, and 404s the unknown", async () => {
    const tiny = await get("/assets/tiny-abc123.js", "br");
    expect(tiny.headers["content-encoding"]).toBeUndefined();
    expect(tiny.body.toString()).toBe("export {};\n");
    expect((await get("/assets/missing.js", "br")).status).toBe(404);
  });
});
