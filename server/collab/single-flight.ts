/**
 * Identical look-ups that overlap share one promise: a storm of sockets with the same
 * credential, or on the same document, asks the database once instead of once each. Nothing
 * is kept after the promise settles, so a look-up that starts after a revocation sees it:
 * this is not a cache.
 */
export function singleFlight<I, V>(keyOf: (input: I) => string, run: (input: I) => Promise<V>): (input: I) => Promise<V> {
  const inFlight = new Map<string, Promise<V>>();
  return (input) => {
    const key = keyOf(input);
    const running = inFlight.get(key);
    if (running) return running;
    const promise = run(input).finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  };
}
