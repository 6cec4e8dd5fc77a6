/**
 * Resolves on the event loop's next check phase, after the I/O callbacks of this poll. Work
 * started there sees everything that arrived in the same poll, which matters on PGlite: its
 * queries run synchronously and resolve in microtasks, so work begun inside one socket's
 * callback finishes before the next socket's callback runs, and nothing ever overlaps.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
