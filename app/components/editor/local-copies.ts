/**
 * Offline copies of documents in this browser (issue 11, "Devices").
 *
 * Each open document keeps a local copy in IndexedDB (`precedent-doc-<userId>-<documentId>`, written
 * by y-indexeddb) so edits made offline survive a reload. A copy holds client material, so it lives
 * only as long as the person's right to read it on this device:
 *
 * - sign-out and sign-out-everywhere clear every copy before the sign-out is sent
 *   (`clearLocalDocumentCopies`, from the sign-out button);
 * - a page shown to someone who is not signed in (the login page) clears every copy: a safety net
 *   for a sign-out without JavaScript, a session that expired or was ended from another device;
 * - a signed-in page keeps only the copies of the person signed in (`keepOnlyLocalCopiesOf`): the
 *   owner is part of each copy's name, so the name itself is the marker of whose copies they are
 *   and another person signing in on the same browser never finds the last one's material;
 * - when the server says access ended (the sync socket closes with one of `ACCESS_ENDED_CLOSE_CODES`,
 *   or the document page answers 403/404) that document's copy is cleared (`clearLocalDocumentCopy`);
 *   so it is when the server refused a change for good (`REFUSED_CHANGE_CLOSE_CODES`).
 *
 * Clearing also drops edits made offline that never reached the server: after sign-out or a lost
 * right to read, keeping client material on the device is the larger harm.
 *
 * An open editor holds its copy's database open, and a database cannot be deleted while open (the
 * delete waits, and would be lost if the page then unloads). So a session registers the copy it
 * holds (`holdLocalCopy`), and clearing closes it first. Browser only; on the server (no IndexedDB)
 * every call resolves with 0.
 */
export const LOCAL_COPY_PREFIX = "precedent-doc-";

/**
 * The sync server's final close codes (server/collab/close-codes.ts) that mean this person may no
 * longer read the document here: 4401 Unauthorized (signed out), 4403 AuthorizationChanged (a
 * share, a role or a membership changed, or their sessions were ended), 4404 (deleted, or no
 * longer shared). The client does not reconnect after any of them (4400–4499 are final).
 */
export const ACCESS_ENDED_CLOSE_CODES: readonly number[] = [4401, 4403, 4404];

/**
 * 4422 NotASuggestion: the copy holds a change the server refused for good (someone who may only
 * suggest changed the text itself, ADR 032). Kept, it would be sent, and refused, at every opening.
 */
export const REFUSED_CHANGE_CLOSE_CODES: readonly number[] = [4422];

/** The document page's answers that mean the same: not yours to read (any more), or gone. */
const ACCESS_ENDED_STATUSES: readonly number[] = [403, 404];

/** A delete blocked by a connection we do not hold (another tab) waits this long, then we move on. */
const BLOCKED_WAIT_MS = 2_000;
/** Closing a held copy should take milliseconds; never let it hold up a sign-out. */
const CLOSE_WAIT_MS = 1_000;

export function localCopyName(userId: string, documentId: string): string {
  return `${LOCAL_COPY_PREFIX}${userId}-${documentId}`;
}

export function isAccessEndedClose(code: number): boolean {
  return ACCESS_ENDED_CLOSE_CODES.includes(code);
}

/** The socket closed with a code after which this document's copy here is cleared. */
export function clearsLocalCopy(code: number): boolean {
  return isAccessEndedClose(code) || REFUSED_CHANGE_CLOSE_CODES.includes(code);
}

export function isAccessEndedStatus(status: number): boolean {
  return ACCESS_ENDED_STATUSES.includes(status);
}

/** Copies held open by this page's sessions: name → close the database (and stop writing to it). */
const held = new Map<string, () => Promise<unknown>>();

/**
 * A collaboration session holds its copy open; clearing that copy calls `close` first. Returns the
 * function to call when the session lets go of the copy itself.
 */
export function holdLocalCopy(name: string, close: () => Promise<unknown>): () => void {
  held.set(name, close);
  return () => {
    if (held.get(name) === close) held.delete(name);
  };
}

/** Every copy in this browser, whoever it belongs to. Call before signing out. */
export function clearLocalDocumentCopies(): Promise<number> {
  return clearCopies(() => true);
}

/** Every copy of one document (whoever it belongs to): the server said access to it ended. */
export function clearLocalDocumentCopy(documentId: string): Promise<number> {
  return clearCopies((rest) => rest.endsWith(`-${documentId}`));
}

/** Every copy that is not this person's: another person signed in on this browser. */
export function keepOnlyLocalCopiesOf(userId: string): Promise<number> {
  return clearCopies((rest) => !rest.startsWith(`${userId}-`));
}

/** Deletes the copies whose name (after the prefix) matches; resolves with how many it removed. */
async function clearCopies(matches: (rest: string) => boolean): Promise<number> {
  if (typeof indexedDB === "undefined") return 0;
  const isTarget = (name: string | undefined): name is string => !!name?.startsWith(LOCAL_COPY_PREFIX) && matches(name.slice(LOCAL_COPY_PREFIX.length));
  const names = new Set([...held.keys()].filter(isTarget));
  await Promise.all(
    [...names].map((name) => {
      const close = held.get(name)!;
      held.delete(name);
      return withTimeout(close().catch(() => undefined), CLOSE_WAIT_MS);
    }),
  );
  // Browsers without `databases()` (Firefox before 126) can only clear the copies this page holds.
  if (typeof indexedDB.databases === "function") {
    const listed = await indexedDB.databases().catch(() => []);
    for (const { name } of listed) if (isTarget(name)) names.add(name);
  }
  await Promise.all([...names].map(deleteDatabase));
  return names.size;
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = () => resolve();
    // Another tab still has it open: its own session clears it when its socket is closed, and the
    // delete completes once it lets go. Do not hold the caller up for long.
    request.onblocked = () => setTimeout(resolve, BLOCKED_WAIT_MS);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    void promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}
