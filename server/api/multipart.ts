import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
} from "@remix-run/node";
import type { Request } from "express";
import { LIBRARY_DOCX_MAX_BYTES, LIBRARY_UPLOAD_MAX_BYTES } from "../config.ts";
import { AppError, payloadTooLarge } from "../errors.ts";
import { uploadName, type LibraryUpload } from "../library/uploads.ts";

/**
 * The multipart body as files and text fields, within the upload limits (each file up to
 * LIBRARY_DOCX_MAX_BYTES, all up to LIBRARY_UPLOAD_MAX_BYTES; 413 past them), without a
 * temporary file: the library's import and a client request's attachments (ADR 042). Parts
 * other than `fileField` and `textFields` are dropped unread.
 */
export async function readUpload(req: Request, { fileField, textFields }: { fileField: string; textFields: string[] }): Promise<{ uploads: LibraryUpload[]; fields: Record<string, string> }> {
  const wanted = new Set([fileField, ...textFields]);
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
    form = await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: LIBRARY_DOCX_MAX_BYTES, filter: ({ name }) => wanted.has(name) }));
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
    else if (name === fileField) uploads.push({ name: uploadName(value.name), bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return { uploads, fields };
}
