import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compressResponses } from "./compress.ts";

const PAGE = `<!doctype html><p>${"indemnification clause ".repeat(400)}</p>`;
const DOCX = Buffer.alloc(8192, 7);

let server: http.Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(compressResponses());
  app.get("/page", (_req, res) => res.type("html").send(PAGE));
  app.get("/json", (_req, res) => res.json({ text: PAGE }));
  app.get("/small", (_req, res) => res.json({ ok: true }));
  app.get("/docx", (_req, res) =>
    res.type("application/vnd.openxmlformats-officedocument.wordprocessingml.document").send(DOCX),
  );
  // A streamed page: the first chunk must reach the client while the handler still holds the rest.
  app.get("/stream", (_req, res) => {
    res.type("html");
    res.write(PAGE);
    (res as typeof res & { flush(): void }).flush();
    setTimeout(() => res.end("<p>the rest</p>"), 500);
  });
  server = app.listen(0);
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Raw bytes and headers, with no transparent decoding. */
function get(pathname: string, acceptEncoding?: string, onFirstChunk?: (at: number) => void) {
  return new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { "Accept-Encoding": acceptEncoding };
    http
      .get(`${base}${pathname}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => {
          if (!chunks.length) onFirstChunk?.(Date.now());
          chunks.push(chunk);
        });
        res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

describe("compressResponses", () => {
  test("sends brotli to a client that accepts it, with Vary", async () => {
    const { headers, body } = await get("/page", "gzip, deflate, br");
    expect(headers["content-encoding"]).toBe("br");
    expect(headers.vary).toMatch(/Accept-Encoding/);
    expect(zlib.brotliDecompressSync(body).toString()).toBe(PAGE);
    expect(body.length).toBeLessThan(PAGE.length / 10);
  });

  test("sends gzip when brotli is not accepted, JSON as well as HTML", async () => {
    const { headers, body } = await get("/json", "gzip");
    expect(headers["content-encoding"]).toBe("gzip");
    expect(headers.vary).toMatch(/Accept-Encoding/);
    expect(JSON.parse(zlib.gunzipSync(body).toString())).toEqual({ text: PAGE });
  });

  test("sends identity bytes to a client without Accept-Encoding, still with Vary", async () => {
    const { headers, body } = await get("/page");
    expect(headers["content-encoding"]).toBeUndefined();
    expect(headers.vary).toMatch(/Accept-Encoding/);
    expect(body.toString()).toBe(PAGE);
    expect(Number(headers["content-length"])).toBe(Buffer.byteLength(PAGE));
  });

  test("leaves small bodies and already-compressed downloads alone", async () => {
    const small = await get("/small", "br");
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toEqual({ ok: true });
    const docx = await get("/docx", "br");
    expect(docx.headers["content-encoding"]).toBeUndefined();
    expect(docx.headers.vary).toBeUndefined();
    expect(docx.body.equals(DOCX)).toBe(true);
  });

  test("flushes a streamed page's first chunk before the response ends", async () => {
    const started = Date.now();
    let firstChunkAt = 0;
    const { headers, body } = await get("/stream", "br", (at) => (firstChunkAt = at));
    const endedAt = Date.now();
    expect(headers["content-encoding"]).toBe("br");
    expect(zlib.brotliDecompressSync(body).toString()).toBe(`${PAGE}<p>the rest</p>`);
    expect(firstChunkAt - started).toBeLessThan(400);
    expect(endedAt - firstChunkAt).toBeGreaterThan(300);
  });
});
