/**
 * Each open document keeps a local copy in IndexedDB (`precedent-doc-<userId>-<documentId>`) so offline
 * edits survive a reload. Call this on sign-out on shared computers. It also drops edits made
 * offline that never reached the server. Browser only; resolves with how many copies it removed.
 */
export const LOCAL_COPY_PREFIX = "precedent-doc-";

export async function clearLocalDocumentCopies(): Promise<number> {
  if (typeof indexedDB === "undefined" || typeof indexedDB.databases !== "function") return 0;
  const names = (await indexedDB.databases()).map((db) => db.name).filter((name): name is string => !!name?.startsWith(LOCAL_COPY_PREFIX));
  await Promise.all(
    names.map(
      (name) =>
        new Promise<void>((resolve) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        }),
    ),
  );
  return names.length;
}
