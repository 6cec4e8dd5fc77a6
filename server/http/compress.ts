import zlib from "node:zlib";
import type { RequestHandler } from "express";
import { COMPRESS_BROTLI_QUALITY, COMPRESS_MIN_BYTES } from "../config.ts";
import { chooseContentCoding } from "./accept-encoding.ts";
import { isCompressibleType, varyOnAcceptEncoding } from "./compressible.ts";

/**
 * Compresses dynamic HTML and JSON as it streams out (brotli if accepted, else gzip). The coder
 * sits between the handler and the socket: `res.flush()`, which Remix calls after each chunk of
 * a streamed page, flushes the coder too, so deferred data still arrives as it is ready.
 * Left alone: WebSocket upgrades (they never reach Express), responses already encoded (the
 * precompressed assets), HEAD, 204/304, `Cache-Control: no-transform`, types outside
 * `isCompressibleType`, and bodies under COMPRESS_MIN_BYTES when their length is known.
 */
export function compressResponses(): RequestHandler {
  return (req, res, next) => {
    const coding = chooseContentCoding(req.headers["accept-encoding"]);
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    const writeHead = res.writeHead.bind(res);
    let decided = false;
    let coder: zlib.BrotliCompress | zlib.Gzip | undefined;

    // Decided once, from the headers as they stand just before they go out.
    const decide = (firstChunk?: unknown) => {
      if (decided) return;
      decided = true;
      if (!isCompressibleType(String(res.getHeader("Content-Type") ?? ""))) return;
      varyOnAcceptEncoding(res);
      if (coding === "identity" || req.method === "HEAD" || res.statusCode === 204 || res.statusCode === 304) return;
      if (res.getHeader("Content-Encoding") || /no-transform/i.test(String(res.getHeader("Cache-Control") ?? ""))) return;
      const declared = res.getHeader("Content-Length");
      const length = declared === undefined ? byteLength(firstChunk) : Number(declared);
      if (length !== undefined && length < COMPRESS_MIN_BYTES) return;
      res.setHeader("Content-Encoding", coding);
      res.removeHeader("Content-Length");
      coder =
        coding === "br"
          ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: COMPRESS_BROTLI_QUALITY } })
          : zlib.createGzip();
      const output = coder;
      output.on("data", (chunk: Buffer) => {
        if (!write(chunk)) output.pause();
      });
      res.on("drain", () => output.resume());
      output.on("end", () => end());
      output.on("error", (error) => res.destroy(error));
      // A client gone mid-response leaves nothing to write to: free the coder's buffers.
      res.on("close", () => output.destroy());
      // The handler waits on `drain` from the response; the coder's own tells it to go on.
      output.on("drain", () => res.emit("drain"));
    };

    res.writeHead = ((...args: Parameters<typeof res.writeHead>) => {
      decide();
      return writeHead(...args);
    }) as typeof res.writeHead;

    res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      if (!res.headersSent) decide();
      if (!coder) return write(chunk, encoding, callback);
      return coder.write(toBuffer(chunk, encoding), typeof callback === "function" ? (callback as () => void) : undefined);
    }) as typeof res.write;

    res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
      const done = [chunk, encoding, callback].find((a) => typeof a === "function") as (() => void) | undefined;
      const data = typeof chunk === "function" ? undefined : chunk;
      if (!res.headersSent) decide(data ?? "");
      if (!coder) return end(chunk, encoding, callback);
      if (done) res.once("finish", done);
      if (data !== undefined && data !== null) coder.end(toBuffer(data, encoding));
      else coder.end();
      return res;
    }) as typeof res.end;

    (res as typeof res & { flush: () => void }).flush = () => coder?.flush();
    next();
  };
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
}

/** A whole body's length when `end` carries it all; undefined while more may follow. */
function byteLength(chunk: unknown): number | undefined {
  if (chunk === undefined) return undefined;
  if (typeof chunk === "string") return Buffer.byteLength(chunk);
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return undefined;
}
