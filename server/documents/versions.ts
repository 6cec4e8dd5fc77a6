import { createHash } from "node:crypto";
import * as Y from "yjs";
import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";
import { deriveContent } from "./derive.ts";
import { DOCUMENT_FRAGMENT, type DocumentStateStore } from "./state-store.ts";

/**
 * Versions are named snapshots of a document's Y.Doc (and what was derived from it at the
 * time). Restoring never replaces the stored state: it is a new change on top of the current
 * one, so open editors receive it like any collaborator's edit and keep their connection.
 */

export type VersionReason = "MANUAL" | "PUBLISH" | "RESTORE" | "REVIEW";

/** JSON with object keys sorted, so equal content always serialises (and hashes) the same way. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * SHA-256 (hex) of a version's derived content (ProseMirror JSON, keys sorted): what an approval
 * and a publication are bound to (ADR 018). Two Y.Docs with the same text hash the same.
 */
export function contentHash(contentJson: unknown): string {
  return createHash("sha256").update(canonicalJson(contentJson ?? EMPTY_DOC)).digest("hex");
}

const EMPTY_DOC = { type: "doc", content: [] };

/** What server/collab offers the documents service (docs/design/library-and-collab.md, "Sync"). */
export type DocumentSync = {
  applyUpdate(documentId: string, update: Uint8Array, origin?: unknown): unknown;
  revoke(scope: { userIds?: string[]; documentIds?: string[]; nonEditorsOnly?: boolean }): unknown;
};

const toBytes = (data: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(data);

/**
 * The update that turns `current` into a document whose content is `target`'s: every block
 * of the current fragment deleted, copies of the target's blocks inserted. Computed against
 * `current`'s own history, so it applies cleanly to any replica that has seen that history.
 */
export function restoreUpdate(current: Y.Doc, target: Y.Doc): Uint8Array {
  const before = Y.encodeStateVector(current);
  const fragment = current.getXmlFragment(DOCUMENT_FRAGMENT);
  const blocks = target
    .getXmlFragment(DOCUMENT_FRAGMENT)
    .toArray()
    // y-prosemirror writes elements and text only (hooks are not part of the document).
    .filter((node): node is Y.XmlElement | Y.XmlText => !(node instanceof Y.XmlHook))
    .map((node) => node.clone());
  current.transact(() => {
    if (fragment.length > 0) fragment.delete(0, fragment.length);
    if (blocks.length > 0) fragment.insert(0, blocks);
  }, "restore");
  return Y.encodeStateAsUpdate(current, before);
}

export function yDocFromState(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (state && state.length > 0) Y.applyUpdate(doc, state);
  return doc;
}

/** The current content, freshly derived from the stored state (the derived columns may lag by a debounce). */
export async function snapshotOf(store: DocumentStateStore, documentId: string) {
  const doc = await store.load(documentId);
  try {
    const derived = deriveContent(doc);
    return { ydocState: Y.encodeStateAsUpdate(doc), derived };
  } finally {
    doc.destroy();
  }
}

type VersionWriter = Pick<Db, "documentVersion">;

/** Stores a snapshot as the document's next version number; retried if another writer took the number first. */
export async function insertVersion(
  db: VersionWriter,
  input: {
    documentId: string;
    name: string | undefined;
    reason: VersionReason;
    ydocState: Uint8Array;
    contentJson: unknown;
    contentText: string;
    createdById: string | null;
    /** A publication's effective date, the review that approved it, or why it was published without one. */
    effectiveAt?: Date;
    reviewRequestId?: string | null;
    publishOverrideReason?: string | null;
    backdateReason?: string | null;
  },
) {
  for (let attempt = 0; ; attempt++) {
    const last = await db.documentVersion.findFirst({
      where: { documentId: input.documentId },
      orderBy: { number: "desc" },
      select: { number: true },
    });
    const number = (last?.number ?? 0) + 1;
    const contentJson = input.contentJson ?? EMPTY_DOC;
    try {
      return await db.documentVersion.create({
        data: {
          documentId: input.documentId,
          number,
          name: input.name ?? defaultVersionName(input.reason, number),
          reason: input.reason,
          ydocState: toBytes(input.ydocState),
          contentJson: contentJson as Prisma.InputJsonValue,
          contentText: input.contentText,
          contentHash: contentHash(contentJson),
          createdById: input.createdById,
          effectiveAt: input.effectiveAt,
          reviewRequestId: input.reviewRequestId,
          publishOverrideReason: input.publishOverrideReason,
          backdateReason: input.backdateReason,
        },
        include: { createdBy: { select: { id: true, name: true } } },
      });
    } catch (error) {
      const taken = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!taken || attempt >= 4) throw error;
    }
  }
}

function defaultVersionName(reason: VersionReason, number: number) {
  if (reason === "PUBLISH") return `Published (version ${number})`;
  if (reason === "REVIEW") return `Submitted for review (version ${number})`;
  return `Version ${number}`;
}
