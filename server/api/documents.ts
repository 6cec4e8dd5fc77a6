import { Router } from "express";
import type { Services } from "../context.ts";
import {
  presentDiff,
  presentDocument,
  presentDocumentSummary,
  presentToolkitItem,
  presentVersion,
} from "../documents/presenter.ts";
import { presentInForce } from "../documents/in-force-presenter.ts";
import { handle, requireAuth } from "./handler.ts";

/**
 * The documents API. Every route authenticates, then hands the raw input to the service,
 * which validates it (400 invalid_request) and checks the policy (404 for a document the
 * caller may not read, 403 for one they may read but not change).
 */
export function documentRoutes(services: Services) {
  const router = Router();
  const documents = services.documents;

  router.get(
    "/documents",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const page = await documents.list(viewer, req.query);
      res.json({
        documents: page.items.map((d) => presentDocumentSummary(d, viewer)),
        page: page.page,
        pageSize: page.pageSize,
        pageCount: page.pageCount,
        total: page.total,
      });
    }),
  );

  router.post(
    "/documents",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const created = await documents.create(viewer, req.body);
      const doc = await documents.get(viewer, created.id);
      res.status(201).location(`/api/v1/documents/${doc.id}`).json({ document: presentDocument(doc, viewer) });
    }),
  );

  router.get(
    "/documents/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const doc = await documents.get(viewer, req.params.id);
      await services.accessRecord.recordRead(viewer, { documentId: doc.id, clientOrganizationId: doc.clientOrganizationId, channel: "api" });
      const items = doc.kind === "TOOLKIT" ? await documents.listToolkitItems(viewer, doc.id) : undefined;
      res.json({
        document: presentDocument(doc, viewer),
        ...(items ? { items: items.map((i) => presentToolkitItem(i, viewer)) } : {}),
      });
    }),
  );

  router.patch(
    "/documents/:id",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      await documents.update(viewer, req.params.id, req.body);
      const doc = await documents.get(viewer, req.params.id);
      res.json({ document: presentDocument(doc, viewer) });
    }),
  );

  router.delete(
    "/documents/:id",
    handle(async (req, res, state) => {
      await documents.delete(requireAuth(state).viewer, req.params.id);
      res.status(204).end();
    }),
  );

  router.get(
    "/documents/:id/items",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const items = await documents.listToolkitItems(viewer, req.params.id);
      res.json({ items: items.map((i) => presentToolkitItem(i, viewer)) });
    }),
  );

  router.put(
    "/documents/:id/items",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const items = await documents.setToolkitItems(viewer, req.params.id, req.body);
      res.json({ items: items.map((i) => presentToolkitItem(i, viewer)) });
    }),
  );

  router.get(
    "/documents/:id/versions",
    handle(async (req, res, state) => {
      const versions = await documents.listVersions(requireAuth(state).viewer, req.params.id);
      res.json({ versions: versions.map(presentVersion) });
    }),
  );

  router.post(
    "/documents/:id/versions",
    handle(async (req, res, state) => {
      const version = await documents.createVersion(requireAuth(state).viewer, req.params.id, req.body);
      res.status(201).json({ version: presentVersion(version) });
    }),
  );

  router.post(
    "/documents/:id/versions/:versionId/restore",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const { restored, savedBefore } = await documents.restoreVersion(viewer, req.params.id, req.params.versionId);
      const doc = await documents.get(viewer, req.params.id);
      res.json({ restored: presentVersion(restored), savedBefore: presentVersion(savedBefore), document: presentDocument(doc, viewer) });
    }),
  );

  router.get(
    "/documents/:id/in-force",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const answer = await documents.versionInForceOn(viewer, req.params.id, req.query);
      // Its text is a read of client material, like the document itself.
      if (answer.version?.contentJson !== undefined) {
        await services.accessRecord.recordRead(viewer, { documentId: answer.document.id, clientOrganizationId: answer.document.clientOrganizationId, channel: "api" });
      }
      res.json(presentInForce(answer));
    }),
  );

  router.get(
    "/documents/:id/diff",
    handle(async (req, res, state) => {
      const { viewer } = requireAuth(state);
      const diff = await documents.diff(viewer, req.params.id, req.query);
      // A redline shows the content: a read of client material (the diff answered, so the document exists and is readable).
      const documentId = String(req.params.id).trim();
      const access = await documents.getAccess(documentId);
      await services.accessRecord.recordRead(viewer, { documentId, clientOrganizationId: access?.clientOrganizationId ?? null, channel: "api" });
      res.json({ diff: presentDiff(diff) });
    }),
  );

  return router;
}
