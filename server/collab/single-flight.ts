import { nextTurn } from "../next-turn.ts";

/**
 * Identical look-ups that overlap share one promise: a storm of sockets with the same
 * credential, or on the same document, asks the database once instead of once each. Nothing
 * is kept after the promise settles, so a look-up that starts after a revocation sees it:
 * this is not a cache.
 *
 * A flight takes off on the next turn (`nextTurn`), not at once: on PGlite, flights begun at
 * once never overlapped, and a storm of 1,000 sockets asked the database 9,000 times.
 */
export function singleFlight<I, V>(keyOf: (input: I) => string, run: (input: I) => Promise<V>): (input: I) => Promise<V> {
  const inFlight = new Map<string, Promise<V>>();
  return (input) => {
    const key = keyOf(input);
    const running = inFlight.get(key);
    if (running) return running;
    const promise = nextTurn()
      .then(() => run(input))
      .finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  };
}
