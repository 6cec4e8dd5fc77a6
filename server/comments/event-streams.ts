import type { ServerResponse } from "node:http";
import { createConnectionCounter } from "../collab/limits.ts";
import { matchesScope, type RevokeScope } from "../collab/revoke.ts";
import { COMMENT_STREAM_HEARTBEAT_MS, COMMENT_STREAM_RETRY_MS, COMMENT_STREAMS_MAX_PER_DOCUMENT, COMMENT_STREAMS_MAX_PER_USER } from "../config.ts";
import { audienceSees, type CommentAudience, type ThreadVisibility } from "./visibility.ts";

/**
 * "This document's comments changed" as server-sent events (ADR 031), for readers who have no
 * sync socket: clients and readers of a published version. The same signal as the socket's
 * message 20, from the same publisher (the sync server hands every local or bus-borne change to
 * `signal`), to the same audience: decided when the stream opens, by `commentAudienceOf`. An
 * event carries no content; the browser refetches through the comments API. A revocation that
 * closes sync sockets ends the matching streams too, and the browser reopens through the access
 * check again.
 */
export type CommentStreamGrant = {
  documentId: string;
  userId: string;
  /** The credential it was opened with, for revocation (as a socket's). */
  sessionId: string | null;
  apiTokenId: string | null;
  audience: CommentAudience;
  /** An API token's expiry: the stream ends at the first heartbeat after it. */
  credentialsExpireAt: Date | null;
};

export type CommentStreamLimits = { maxPerUser: number; maxPerDocument: number; heartbeatMs: number; retryMs: number };

type Stream = CommentStreamGrant & { res: ServerResponse };

export const COMMENTS_CHANGED_EVENT = "event: changed\ndata: \n\n";
const HEARTBEAT = ": keep-alive\n\n";

export function createCommentStreams(overrides: Partial<CommentStreamLimits> = {}) {
  const limits: CommentStreamLimits = {
    maxPerUser: COMMENT_STREAMS_MAX_PER_USER,
    maxPerDocument: COMMENT_STREAMS_MAX_PER_DOCUMENT,
    heartbeatMs: COMMENT_STREAM_HEARTBEAT_MS,
    retryMs: COMMENT_STREAM_RETRY_MS,
    ...overrides,
  };
  // The sync sockets' counter, with caps of its own: in this process's memory, also in cluster mode.
  const counter = createConnectionCounter({ maxConnectionsPerDocument: limits.maxPerDocument, maxConnectionsPerUser: limits.maxPerUser });
  const byDocument = new Map<string, Set<Stream>>();
  // Runs only while a stream is open, so an idle server holds no timer.
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  function* streams(documentId?: string): Generator<Stream> {
    const sets = documentId === undefined ? [...byDocument.values()] : [byDocument.get(documentId) ?? new Set<Stream>()];
    for (const set of sets) yield* [...set];
  }

  function beat() {
    const now = Date.now();
    for (const stream of streams()) {
      if (stream.credentialsExpireAt && stream.credentialsExpireAt.getTime() <= now) end(stream);
      else send(stream, HEARTBEAT);
    }
  }

  /** A response ended or torn down takes no more writes (Node would emit an error on it). */
  function send(stream: Stream, text: string) {
    if (!stream.res.writableEnded && !stream.res.destroyed) stream.res.write(text);
  }

  /** Ended by us: forgotten now, not when the close event comes, so nothing is written after the end. */
  function end(stream: Stream) {
    forget(stream);
    stream.res.end();
  }

  /** Once, whoever ended it (the browser leaving, a revocation, shutdown). */
  function forget(stream: Stream) {
    const set = byDocument.get(stream.documentId);
    if (!set?.delete(stream)) return;
    if (set.size === 0) byDocument.delete(stream.documentId);
    counter.release(stream.userId, stream.documentId);
    if (byDocument.size === 0) {
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
  }

  return {
    /**
     * Answers `res` with the event stream and keeps it until either side ends it. False when
     * the caps are full: nothing is written, and the caller refuses the request.
     */
    async open(grant: CommentStreamGrant, res: ServerResponse): Promise<boolean> {
      if (!(await counter.acquire(grant.userId, grant.documentId))) return false;
      const stream: Stream = { ...grant, res };
      let set = byDocument.get(grant.documentId);
      if (!set) byDocument.set(grant.documentId, (set = new Set()));
      set.add(stream);
      heartbeat ??= setInterval(beat, limits.heartbeatMs);
      heartbeat.unref?.();
      res.on("close", () => forget(stream));
      // Gone while it was counted: nothing to answer.
      if (res.destroyed) {
        forget(stream);
        return true;
      }
      res.statusCode = 200;
      res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
      // Signed-in answers are never stored; no-transform keeps proxies from buffering to compress,
      // and nginx is told the same in its own header. (Our compression skips this type: server/http/compressible.ts.)
      res.setHeader("Cache-Control", "no-store, no-transform");
      res.setHeader("X-Accel-Buffering", "no");
      res.write(`retry: ${limits.retryMs}\n\n`);
      return true;
    },

    /** A thread of this visibility changed on the document: its audience's streams here hear "changed". Returns how many. */
    signal(documentId: string, thread: ThreadVisibility): number {
      let sent = 0;
      for (const stream of streams(documentId)) {
        if (!audienceSees(stream.audience, thread)) continue;
        send(stream, COMMENTS_CHANGED_EVENT);
        sent += 1;
      }
      return sent;
    },

    /** Ends the streams in scope (the sync server's revocation, ADR 013); returns how many. */
    revoke(scope: RevokeScope): number {
      let ended = 0;
      for (const stream of streams()) {
        // A stream edits nothing: a change that concerns only non-editors concerns it too.
        if (!matchesScope({ ...stream, readOnly: true, suggestOnly: false }, scope)) continue;
        end(stream);
        ended += 1;
      }
      return ended;
    },

    /** Shutdown: every stream ends (browsers reopen on another process). */
    close(): void {
      for (const stream of streams()) end(stream);
    },

    stats(): { streams: number; documents: number } {
      let streams = 0;
      for (const set of byDocument.values()) streams += set.size;
      return { streams, documents: byDocument.size };
    },
  };
}

export type CommentStreams = ReturnType<typeof createCommentStreams>;
