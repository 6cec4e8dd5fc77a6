import { applyJsonAsUpdate, deriveContent, markdownToJson } from "../../server/documents/derive.ts";
import type { DocumentStateStore } from "../../server/documents/state-store.ts";

/** A collaborator's edit of the live draft, stored and derived as the sync server would. */
export async function editDraft(store: DocumentStateStore, documentId: string, markdown: string) {
  const current = await store.load(documentId);
  await store.append(documentId, applyJsonAsUpdate(current, markdownToJson(markdown)));
  current.destroy();
  const edited = await store.load(documentId);
  await store.saveDerived(documentId, deriveContent(edited));
  edited.destroy();
}
