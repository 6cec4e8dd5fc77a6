/**
 * Strings many sockets hold (a document's id, a user's id and name, a credential's id), kept
 * once while any socket holds them: each upgrade parses or loads its own copy, so a thousand
 * sockets kept a thousand copies of a few dozen strings (ADR 007, "Sockets, third pass").
 */
export function createSharedStrings() {
  const held = new Map<string, { value: string; holders: number }>();
  return {
    /** The copy already held, or this one from now on. */
    hold(value: string): string {
      const entry = held.get(value);
      if (!entry) {
        held.set(value, { value, holders: 1 });
        return value;
      }
      entry.holders += 1;
      return entry.value;
    },
    release(value: string): void {
      const entry = held.get(value);
      if (entry && --entry.holders === 0) held.delete(value);
    },
    /** Distinct strings held (tests). */
    get size(): number {
      return held.size;
    },
  };
}

export type SharedStrings = ReturnType<typeof createSharedStrings>;
