import { Router } from "express";
import type { Services } from "../context.ts";
import { handle, requireAuth } from "./handler.ts";
import { readUpload } from "./multipart.ts";

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
      const { uploads, fields } = await readUpload(req, { fileField: "files", textFields: ["kind"] });
      res.json({ summary: await library.importUploads(viewer, uploads, fields) });
    }),
  );

  return router;
}
