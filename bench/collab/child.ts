// The server side of the bench's child processes: each server runs in a process of its own so
// its RSS is its own, announces itself with one JSON line on stdout, and answers the parent's
// "memory" message over IPC with its heap after a full GC (started with --expose-gc) and RSS.
export type Memory = { rss: number; heap: number };

export function announce(info: object) {
  process.stdout.write(`${JSON.stringify(info)}\n`);
}

export function answerMemoryRequests() {
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on("message", (message: unknown) => {
    if (message !== "memory") return;
    // Twice: the first pass leaves finalisers' garbage for the second.
    gc?.();
    gc?.();
    const usage = process.memoryUsage();
    const memory: Memory = { rss: usage.rss, heap: gc ? usage.heapUsed : NaN };
    process.send?.(memory);
  });
}

export function exitOnSignals(close: () => Promise<void> = async () => {}) {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    close().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
