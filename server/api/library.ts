import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
} from "@remix-run/node";
import { Router, type Request } from "express";
import { LIBRARY_DOCX_MAX_BYTES, LIBRARY_UPLOAD_MAX_BYTES } from "../config.ts";
import type { Services } from "../context.ts";
import { AppError, payloadTooLarge } from "../errors.ts";
import { uploadName, type LibraryUpload } from "../library/uploads.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * The library's files API: a document as a download (`GET /documents/:id/export?format=docx|html|md`)
 * and an upload of .md and .docx files to import (`POST /library/import`, multipart/form-data
 * with `files` and an optional `kind`). The library service checks the policy: 404 for a
 * document the caller may not read, 403 for an import by someone who may not create documents.
 */
export function libraryRoutes(services: Services) {
  const router = Router();
  const library = services.library;

  router.get(
    "/documents/:id/export",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const download = await library.exportDocument(viewer, req.params.id, req.query);
      // Every export of client material is on the record, the print page (html) included.
      const { documentId, clientOrganizationId, format } = download.source;
      await services.accessRecord.recordExport(viewer, { documentId, clientOrganizationId, channel: `export:${format}` });
      const html = download.contentType.startsWith("text/html");
      res.setHeader("Content-Type", download.contentType);
      // The print page opens in the browser to be printed; the others download. Names are slugs: ASCII, no quotes.
      res.setHeader("Content-Disposition", `${html ? "inline" : "attachment"}; filename="${download.filename}"`);
      res.setHeader("Cache-Control", "private, no-store");
      // The page is escaped text and its own CSS: nothing else may run or load, even if escaping ever failed.
      if (html) res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      res.send(download.body);
    }),
  );

  router.post(
    "/library/import",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      library.requireCanImport(viewer); // before a byte of the body is read
      const { uploads, fields } = await readUpload(req);
      res.json({ summary: await library.importUploads(viewer, uploads, fields) });
    }),
  );

  return router;
}

/** The parts an upload may have; others are dropped unread. */
const UPLOAD_FIELDS = new Set(["files", "kind"]);

/** The multipart body as files and text fields, within the upload's limits (413 past them), without a temporary file. */
async function readUpload(req: Request): Promise<{ uploads: LibraryUpload[]; fields: Record<string, string> }> {
  if (!req.is("multipart/form-data")) throw new AppError(415, "unsupported_media_type", "Send the files as multipart/form-data.");
  if (Number(req.headers["content-length"] ?? 0) > LIBRARY_UPLOAD_MAX_BYTES) throw payloadTooLarge(LIBRARY_UPLOAD_MAX_BYTES);
  let received = 0;
  const body = (Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>).pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > LIBRARY_UPLOAD_MAX_BYTES) controller.error(payloadTooLarge(LIBRARY_UPLOAD_MAX_BYTES));
        else controller.enqueue(chunk);
      },
    }),
  );
  const request = new globalThis.Request("http://upload.local/", {
    method: "POST",
    headers: { "content-type": req.headers["content-type"]! },
    body: body as unknown as NodeReadableStream,
    duplex: "half",
  } as RequestInit);
  let form: FormData;
  try {
    form = await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: LIBRARY_DOCX_MAX_BYTES, filter: ({ name }) => UPLOAD_FIELDS.has(name) }));
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof MaxPartSizeExceededError) {
      throw new AppError(413, "payload_too_large", `Each file may be up to ${LIBRARY_DOCX_MAX_BYTES / 1024 / 1024} MB.`, { limitBytes: LIBRARY_DOCX_MAX_BYTES });
    }
    throw new AppError(400, "malformed_upload", "The upload could not be read as multipart/form-data.");
  }
  const uploads: LibraryUpload[] = [];
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === "string") fields[name] = value;
    else uploads.push({ name: uploadName(value.name), bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return { uploads, fields };
}
