import * as Y from "yjs";
import { recordAuditEvent } from "../audit/service.ts";
import type { Viewer } from "../auth/viewer.ts";
import { DIFF_MAX_TEXT_LENGTH, VERSIONS_LIST_MAX } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { AppError, invalid, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { OWNER, type DocumentAccess } from "./access.ts";
import { deriveContent, markdownToJson, yDocFromJson } from "./derive.ts";
import { blocksFromJson, blocksFromText, diffDocuments, type Block } from "./diff.ts";
import { countSuggestionsInJson, jsonWithoutSuggestions } from "../../app/editor/suggestions.ts";
import { documentSchema } from "../../app/editor/schema.ts";
import type { DocumentEvents } from "./events.ts";
import { CURRENT, DiffQuerySchema, DocumentContentSchema, IdSchema, VersionCreateSchema, type DocumentCreateInput } from "./schema.ts";
import type { DocumentStateStore } from "./state-store.ts";
import { insertVersion, restoreUpdate, snapshotOf, yDocFromState, type DocumentSync, type VersionReason } from "./versions.ts";

/**
 * A document's content and its versions: save a version, restore one, replace the whole
 * content (a library import), compare two. The live content is a Y.Doc edited through
 * server/collab; this writes it only as ordinary Yjs updates, so open editors keep their
 * connection and receive the change like any collaborator's.
 */

export type DocumentContentDeps = {
  db: Db;
  store: DocumentStateStore;
  sync: () => DocumentSync | undefined;
  access: DocumentAccess;
  events: DocumentEvents;
};

const AUDIT_TEXT_PREVIEW = 500;

/** The Y.Doc for content given as Markdown or ProseMirror JSON (empty when neither), or 422 naming the field. */
export function contentFromInput(input: Pick<DocumentCreateInput, "markdown" | "json">): Y.Doc {
  if (input.markdown === undefined && input.json === undefined) return new Y.Doc();
  const path = input.json !== undefined ? "json" : "markdown";
  try {
    return yDocFromJson(input.json ?? markdownToJson(input.markdown ?? ""));
  } catch (error) {
    throw invalid([{ path, message: `The content does not fit the document schema: ${(error as Error).message}` }]);
  }
}

export function createDocumentContent({ db, store, sync, access, events }: DocumentContentDeps) {
  type LiveDocument = { id: string; organizationId: string };

  /**
   * Puts `target`'s content in place of the live content as one change. What was there is kept
   * first as a version, so the change can itself be undone. Content already equal to the target
   * is left alone when `unlessSame` (re-importing an unchanged file changes nothing).
   */
  async function putContent(
    viewer: Viewer,
    doc: LiveDocument,
    target: Y.Doc,
    change: {
      savedName: string;
      savedReason: VersionReason;
      origin: Record<string, unknown>;
      unlessSame?: boolean;
      audit: { action: string; after: Prisma.InputJsonObject };
    },
  ) {
    const current = await store.load(doc.id);
    try {
      const beforeDerived = deriveContent(current);
      if (change.unlessSame) {
        const next = JSON.stringify(deriveContent(target).json);
        if (JSON.stringify(beforeDerived.json) === next) return null;
        // A library file holds the text without open suggestions (ADR 032): the same text is no change,
        // and a new text is refused rather than written over suggestions nobody has decided.
        const open = countSuggestionsInJson(beforeDerived.json);
        if (open) {
          const without = yDocFromJson(jsonWithoutSuggestions(documentSchema, beforeDerived.json));
          const same = JSON.stringify(deriveContent(without).json) === next;
          without.destroy();
          if (same) return null;
          throw new AppError(409, "open_suggestions", `The document has ${open === 1 ? "an open suggestion" : `${open} open suggestions`}: accept or reject them before replacing its text.`);
        }
      }
      const saved = await insertVersion(db, {
        documentId: doc.id,
        name: change.savedName,
        reason: change.savedReason,
        ydocState: Y.encodeStateAsUpdate(current),
        contentJson: beforeDerived.json,
        contentText: beforeDerived.text,
        createdById: viewer.id,
      });
      const update = restoreUpdate(current, target);
      const live = sync();
      // Stored first, then applied to the open room and relayed: editors stay connected.
      if (live) await live.applyUpdate(doc.id, update, { ...change.origin, userId: viewer.id });
      else await store.append(doc.id, update, viewer.id);
      // `current` now holds the new content: derive it now rather than wait for a room.
      await store.saveDerived(doc.id, deriveContent(current));
      events.changed(doc.id);
      await recordAuditEvent(db, {
        organizationId: doc.organizationId,
        actorId: viewer.id,
        action: change.audit.action,
        targetType: "document",
        targetId: doc.id,
        data: {
          before: { versionId: saved.id, number: saved.number, text: beforeDerived.text.slice(0, AUDIT_TEXT_PREVIEW) },
          after: change.audit.after,
        },
      });
      return saved;
    } finally {
      current.destroy();
    }
  }

  const content = {
    async listVersions(viewer: Viewer, id: unknown) {
      const { doc, resource } = await access.requireDocument(viewer, id, "read");
      access.authorizeHistory(viewer, resource);
      const onlyPublished = await access.historyWhere(viewer, doc, resource);
      return db.documentVersion.findMany({
        where: { documentId: doc.id, ...onlyPublished },
        orderBy: { number: "desc" },
        take: VERSIONS_LIST_MAX,
        select: { id: true, number: true, name: true, reason: true, createdAt: true, createdBy: OWNER, effectiveAt: true, publishOverrideReason: true, contentHash: true },
      });
    },

    /** "Save version": a named snapshot of the content as it is now. */
    async createVersion(viewer: Viewer, id: unknown, raw: unknown) {
      const { name } = parseInput(VersionCreateSchema, raw);
      const { doc } = await access.requireDocument(viewer, id, "update");
      const { ydocState, derived } = await snapshotOf(store, doc.id);
      const version = await insertVersion(db, {
        documentId: doc.id,
        name,
        reason: "MANUAL",
        ydocState,
        contentJson: derived.json,
        contentText: derived.text,
        createdById: viewer.id,
      });
      await recordAuditEvent(db, {
        organizationId: doc.organizationId,
        actorId: viewer.id,
        action: "document.version_saved",
        targetType: "document",
        targetId: doc.id,
        data: { after: { versionId: version.id, number: version.number, name: version.name } },
      });
      return version;
    },

    /** Puts an old version's content back as a new change, after keeping "Before restoring version N". */
    async restoreVersion(viewer: Viewer, id: unknown, versionId: unknown) {
      const { doc } = await access.requireDocument(viewer, id, "update");
      const version = await db.documentVersion.findFirst({
        where: { id: parseInput(IdSchema, versionId), documentId: doc.id },
        include: { createdBy: OWNER },
      });
      if (!version) throw notFound("version");
      const target = yDocFromState(version.ydocState);
      try {
        const saved = await putContent(viewer, doc, target, {
          savedName: `Before restoring version ${version.number}`,
          savedReason: "RESTORE",
          origin: { kind: "restore", versionId: version.id },
          audit: {
            action: "document.restored",
            after: { versionId: version.id, number: version.number, text: version.contentText.slice(0, AUDIT_TEXT_PREVIEW) },
          },
        });
        return { restored: version, savedBefore: saved! };
      } finally {
        target.destroy();
      }
    },

    /** Replaces the whole content (a library import over an existing document); unchanged content is left alone. */
    async replaceContent(viewer: Viewer, id: unknown, raw: unknown, options: { versionName?: string } = {}) {
      const input = parseInput(DocumentContentSchema, raw);
      const { doc } = await access.requireDocument(viewer, id, "update");
      const target = contentFromInput(input);
      try {
        const saved = await putContent(viewer, doc, target, {
          savedName: options.versionName ?? "Before the content was replaced",
          savedReason: "MANUAL",
          origin: { kind: "replace" },
          unlessSame: true,
          audit: { action: "document.content_replaced", after: { text: deriveContent(target).text.slice(0, AUDIT_TEXT_PREVIEW) } },
        });
        return saved ? { changed: true as const, savedBefore: saved } : { changed: false as const };
      } finally {
        target.destroy();
      }
    },

    /** A readable redline between two versions, or a version and the current content ("current"). */
    async diff(viewer: Viewer, id: unknown, raw: unknown) {
      const query = parseInput(DiffQuerySchema, raw);
      const { doc, resource } = await access.requireDocument(viewer, id, "read");
      access.authorizeHistory(viewer, resource);
      const onlyPublished = await access.historyWhere(viewer, doc, resource);
      const side = async (ref: string) => {
        if (ref === CURRENT && onlyPublished) throw draftNotReadable();
        if (ref === CURRENT) {
          const { derived } = await snapshotOf(store, doc.id);
          return { info: { kind: "current" as const }, blocks: blocksOf(derived.json, derived.text), length: derived.text.length };
        }
        const v = await db.documentVersion.findFirst({
          where: { id: ref, documentId: doc.id, ...onlyPublished },
          select: { id: true, number: true, name: true, contentJson: true, contentText: true },
        });
        if (!v) throw notFound("version");
        return {
          info: { kind: "version" as const, id: v.id, number: v.number, name: v.name },
          blocks: blocksOf(v.contentJson, v.contentText),
          length: v.contentText.length,
        };
      };
      const [from, to] = [await side(query.from), await side(query.to)];
      if (from.length > DIFF_MAX_TEXT_LENGTH || to.length > DIFF_MAX_TEXT_LENGTH) {
        throw new AppError(422, "diff_too_large", `These versions are too long to compare (over ${DIFF_MAX_TEXT_LENGTH} characters).`);
      }
      return { from: from.info, to: to.info, ...diffDocuments(from.blocks, to.blocks, { context: query.context === "all" ? Infinity : query.context }) };
    },
  };
  return content;
}

const draftNotReadable = () =>
  new AppError(403, "draft_not_readable", "Only the document's editors can compare its unpublished draft: compare its published versions.");

function blocksOf(json: unknown, text: string): Block[] {
  const blocks = json ? blocksFromJson(json) : [];
  return blocks.length || !text ? blocks : blocksFromText(text);
}
