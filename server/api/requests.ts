import { Router } from "express";
import type { Services } from "../context.ts";
import { presentDeliverable } from "../mandates/presenter.ts";
import { presentRequest } from "../requests/presenter.ts";
import { handle, requireAuth } from "./handler.ts";
import { readUpload } from "./multipart.ts";

const REQUEST_TEXT_FIELDS = ["type", "title", "description", "priority", "counterparty", "desiredDate"];

/**
 * A client's request with its attachments, as multipart/form-data (`attachments`: the files;
 * the form's fields as text). Mounted before the API's JSON-only rule; a JSON request (no files)
 * falls through to requestRoutes.
 */
export function requestUploadRoutes(services: Services) {
  const router = Router();
  const submit = handle(async (req, res, state) => {
    const { viewer } = requireAuth(state);
    const { uploads, fields } = await readUpload(req, { fileField: "attachments", textFields: REQUEST_TEXT_FIELDS });
    const created = await services.requests.submitRequest(viewer, req.params.id, fields, uploads);
    res.status(201).json({ deliverable: presentDeliverable(created, created.mandate, viewer) });
  });
  router.post("/mandates/:id/requests", (req, res, next) => (req.is("multipart/form-data") ? submit(req, res, next) : next()));
  return router;
}

/**
 * Client requests and acceptance (ADR 042): the request forms of a mandate (read by whoever reads
 * it, replaced by its PM or an admin), a request without files as JSON, the list of requests, the
 * PM's decision, the client's answer to a delivery, and an attachment's download (client
 * material: the client's members and the staff who open the mandate; 404 for anyone else).
 * `services.requests` is looked up per call: tests replace it to move its clock.
 */
export function requestRoutes(services: Services) {
  const router = Router();

  router.get(
    "/mandates/:id/request-forms",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ forms: await services.requests.requestForms(viewer, req.params.id) });
    }),
  );

  router.put(
    "/mandates/:id/request-forms",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      res.json({ forms: await services.requests.setRequestForms(viewer, req.params.id, req.body) });
    }),
  );

  router.post(
    "/mandates/:id/requests",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const created = await services.requests.submitRequest(viewer, req.params.id, req.body);
      res.status(201).json({ deliverable: presentDeliverable(created, created.mandate, viewer) });
    }),
  );

  router.get(
    "/mandates/:id/requests",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const { mandate, requests: rows } = await services.requests.listRequests(viewer, req.params.id);
      res.json({ requests: rows.map((r) => presentRequest(r, mandate)) });
    }),
  );

  router.post(
    "/deliverables/:id/request-decision",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const d = await services.requests.decideRequest(viewer, req.params.id, req.body);
      res.json({ deliverable: presentDeliverable(d, d.mandate, viewer) });
    }),
  );

  router.post(
    "/deliverables/:id/acceptance",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const d = await services.requests.answerDelivery(viewer, req.params.id, req.body);
      res.json({ deliverable: presentDeliverable(d, d.mandate, viewer) });
    }),
  );

  router.get(
    "/request-attachments/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const file = await services.requests.attachment(viewer, req.params.id);
      await services.accessRecord.recordExport(viewer, { mandateId: file.mandateId, clientOrganizationId: file.clientOrganizationId, channel: "export:attachment" });
      const ascii = file.name.replace(/[^\w. -]/g, "_");
      res.setHeader("Content-Type", file.contentType);
      res.setHeader("Content-Disposition", `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`);
      res.setHeader("Cache-Control", "private, no-store");
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.send(Buffer.from(file.bytes));
    }),
  );

  router.delete(
    "/request-attachments/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      await services.requests.removeAttachment(viewer, req.params.id);
      res.status(204).end();
    }),
  );

  return router;
}
