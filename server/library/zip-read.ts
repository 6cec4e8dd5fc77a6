import { Inflate } from "fflate";

/**
 * Reads a zip package with a bound on the bytes it really inflates: a zip's directory may
 * declare any size, so every entry is inflated as a stream and the running count of bytes
 * that come out stops the read at the limit (a "zip bomb" costs at most the limit, never what
 * it would unzip to). Entries are found through the central directory, as JSZip (inside
 * mammoth) finds them, so every entry another reader would inflate is counted here, overlapping
 * entries included; only the entries `keep` names are held in memory.
 */

export class ZipError extends Error {}

/** The package inflates to more than the limit (the size its directory declares is not trusted). */
export class ZipTooLargeError extends ZipError {
  constructor(readonly limitBytes: number) {
    super(`unzips to more than ${formatBytes(limitBytes)}`);
  }
}

const formatBytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${bytes} bytes`);

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Compressed bytes handed to the inflater at a time: DEFLATE expands at most ~1,032×, so one push yields at most ~16 MB. */
const CHUNK = 16 * 1024;

type Entry = { name: string; method: number; flags: number; compressedSize: number; localOffset: number };

function centralDirectory(bytes: Uint8Array): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipError("no end of central directory");
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw new ZipError("ZIP64 packages are not supported");
  const decoder = new TextDecoder();
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL) throw new ZipError("a central directory entry is missing");
    const nameLength = view.getUint16(offset + 28, true);
    const next = offset + 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    if (next > bytes.length) throw new ZipError("a central directory entry runs past the end");
    const entry = {
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      flags: view.getUint16(offset + 8, true),
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      localOffset: view.getUint32(offset + 42, true),
    };
    if (entry.compressedSize === 0xffffffff || entry.localOffset === 0xffffffff) throw new ZipError("ZIP64 packages are not supported");
    entries.push(entry);
    offset = next;
  }
  return entries;
}

function compressedData(bytes: Uint8Array, entry: Entry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) throw new ZipError(`no local header for ${entry.name}`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.length) throw new ZipError(`${entry.name} runs past the end of the package`);
  return bytes.subarray(start, start + entry.compressedSize);
}

/**
 * The entries of a zip package that `keep` names, inflated; throws ZipTooLargeError as soon as
 * the bytes inflated from all entries together pass `maxUnzippedBytes`, and ZipError for a
 * package it cannot read (encrypted, ZIP64, an unknown compression method, damaged).
 */
export function unzipBounded(
  bytes: Uint8Array,
  { maxUnzippedBytes, keep }: { maxUnzippedBytes: number; keep: (name: string) => boolean },
): Record<string, Uint8Array> {
  let total = 0;
  const count = (n: number) => {
    total += n;
    if (total > maxUnzippedBytes) throw new ZipTooLargeError(maxUnzippedBytes);
  };
  const files: Record<string, Uint8Array> = {};
  for (const entry of centralDirectory(bytes)) {
    if (entry.flags & 1) throw new ZipError(`${entry.name} is encrypted`);
    const data = compressedData(bytes, entry);
    const kept = keep(entry.name);
    if (entry.method === 0) {
      count(data.length);
      if (kept) files[entry.name] = data.slice();
      continue;
    }
    if (entry.method !== 8) throw new ZipError(`${entry.name} uses compression method ${entry.method}`);
    const chunks: Uint8Array[] = [];
    let done = false;
    const inflate = new Inflate((chunk, final) => {
      count(chunk.length);
      if (kept) chunks.push(chunk);
      if (final) done = true;
    });
    try {
      for (let i = 0; i < data.length && !done; i += CHUNK) inflate.push(data.subarray(i, i + CHUNK), i + CHUNK >= data.length);
      if (data.length === 0) inflate.push(new Uint8Array(0), true);
    } catch (error) {
      if (error instanceof ZipError) throw error;
      throw new ZipError(`${entry.name} is damaged (${error instanceof Error ? error.message : String(error)})`);
    }
    if (kept) {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      files[entry.name] = out;
    }
  }
  return files;
}
