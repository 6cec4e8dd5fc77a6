/**
 * Look-ups asked within a few milliseconds of each other go to the database together: a storm of
 * sockets (a restart: every browser reconnects) costs a few statements per window, not a few per
 * socket (the sync server's credentials and documents, the rooms' stored states). `loadMany` gets each distinct key once and answers in the order asked. Identical
 * look-ups share a promise while it is pending; nothing is kept once it settles, so a look-up
 * that starts after a revocation sees it: this is not a cache.
 *
 * Why a window and not at once (ADR 007, "Sockets, third pass"): on PGlite a query runs
 * synchronously and resolves in microtasks, so a look-up begun at once finished before the next
 * socket's callback ran, and a storm of 1,000 sockets asked the database 9,000 times. Waiting for
 * the next turn of the event loop was not enough either: a busy server then read one upgrade per
 * turn and the batches stayed single. Two milliseconds gathered about a dozen sockets a batch and
 * cost one socket alone two milliseconds of its connect.
 */
export const LOOKUP_BATCH_WINDOW_MS = 2;

export function batchLookups<I, V>(
  keyOf: (input: I) => string,
  loadMany: (inputs: I[]) => Promise<V[]>,
  windowMs = LOOKUP_BATCH_WINDOW_MS,
): (input: I) => Promise<V> {
  type Asked = { key: string; input: I; resolve: (value: V) => void; reject: (error: unknown) => void };
  const pendingByKey = new Map<string, Promise<V>>();
  let next: Asked[] | null = null;

  async function run(batch: Asked[]) {
    if (next === batch) next = null;
    try {
      const values = await loadMany(batch.map((asked) => asked.input));
      batch.forEach((asked, i) => asked.resolve(values[i]!));
    } catch (error) {
      for (const asked of batch) asked.reject(error);
    } finally {
      for (const asked of batch) pendingByKey.delete(asked.key);
    }
  }

  return (input) => {
    const key = keyOf(input);
    const pending = pendingByKey.get(key);
    if (pending) return pending;
    const promise = new Promise<V>((resolve, reject) => {
      if (!next) {
        const batch: Asked[] = [];
        next = batch;
        setTimeout(() => void run(batch), windowMs);
      }
      next.push({ key, input, resolve, reject });
    });
    pendingByKey.set(key, promise);
    return promise;
  };
}
