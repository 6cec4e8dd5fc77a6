import { Router } from "express";
import type { Services } from "../context.ts";
import { presentDocumentSummary } from "../documents/presenter.ts";
import { presentDeliverable, presentResourceLink } from "../mandates/presenter.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * Templates → deliverables. `GET /deliverables/:id/template-form?templateId=` gives the
 * templates to choose from and the chosen one's variables, prefilled from the mandate;
 * `POST /deliverables/:id/documents` `{ templateId, values, title?, shareWithClient? }` files the
 * filled template as a new document linked to the deliverable (201), or names each missing
 * required value (400) and writes nothing. 404 for a deliverable the caller may not read, 403
 * for one they may read but not change. The document's .docx is `GET /documents/:id/export?format=docx`.
 */
export function templateRoutes(services: Services) {
  const router = Router();
  const templates = services.templates;

  router.get(
    "/deliverables/:id/template-form",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const form = await templates.form(viewer, req.params.id, req.query);
      res.json({
        deliverable: presentDeliverable(form.deliverable, form.mandate, viewer),
        mandate: { id: form.mandate.id, title: form.mandate.title, reference: form.mandate.reference },
        templates: form.templates,
        template: form.template,
        title: form.title,
        variables: form.variables,
      });
    }),
  );

  router.post(
    "/deliverables/:id/documents",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const created = await templates.generate(viewer, req.params.id, req.body);
      res
        .status(201)
        .location(`/api/v1/documents/${created.document.id}`)
        .json({ document: presentDocumentSummary(created.document, viewer), link: created.link ? presentResourceLink(created.link) : null });
    }),
  );

  return router;
}
