import type { CollabLimits } from "../../server/collab/limits.ts";

/** What the bench asks the first Precedent process to create, and gets back. */
export type FixtureRequest = { users: number; documents: number; bigChars: number };
export type Fixture = { tokens: string[]; documents: string[]; bigDocument: string };

/**
 * The one limit the bench changes, and says so in its output: the peers have no per-socket rate
 * limit, and ours would close a writer typing flat out.
 */
export const BENCH_RATE_LIMIT: Partial<CollabLimits> = { maxMessagesPerWindow: 10_000_000, maxBytesPerWindow: 1024 * 1024 * 1024 };
