/**
 * The `n` best slots by score, best first, without sorting every match: a page of 20 out of ten
 * thousand matches costs a pass and a small heap. Equal scores keep slot order (older first), so
 * paging is stable.
 */
export function selectTop(slots: readonly number[], score: (slot: number) => number, n: number): number[] {
  const better = (a: number, b: number) => {
    const sa = score(a);
    const sb = score(b);
    return sa > sb || (sa === sb && a < b);
  };
  if (n <= 0) return [];
  if (slots.length <= n) return [...slots].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  // A min-heap (worst on top) of the best n seen so far.
  const heap: number[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && better(heap[worst]!, heap[l]!)) worst = l;
      if (r < heap.length && better(heap[worst]!, heap[r]!)) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!better(heap[parent]!, heap[i]!)) return;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  for (const slot of slots) {
    if (heap.length < n) {
      heap.push(slot);
      up(heap.length - 1);
    } else if (better(slot, heap[0]!)) {
      heap[0] = slot;
      down(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}
