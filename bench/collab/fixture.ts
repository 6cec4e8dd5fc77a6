import type { CollabLimits } from "../../server/collab/limits.ts";

/** What the bench asks the first Precedent process to create, and gets back. */
export type FixtureRequest = { users: number; documents: number; bigChars: number };
export type Fixture = { tokens: string[]; documents: string[]; bigDocument: string };

/**
 * The limits the bench changes, and says so in its output: the peers have no per-socket rate
 * limit, and ours would close a writer typing flat out; the peers unload a room as its last
 * socket leaves, and ours 30 s later, when its flush (derivation, compaction) then landed in
 * whichever scenario was running 30 s on. A second here unloads it before the next scenario.
 */
export const BENCH_LIMITS: Partial<CollabLimits> = { maxMessagesPerWindow: 10_000_000, maxBytesPerWindow: 1024 * 1024 * 1024, roomIdleMs: 1000 };
