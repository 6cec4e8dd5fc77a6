import * as Y from "yjs";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { documentSchema } from "../../app/editor/schema.ts";
import { suggestOnlyViolation } from "../../app/editor/suggestions.ts";
import { yDocToJson } from "../documents/derive.ts";

/**
 * The sync server's side of suggest-only sockets (ADR 032): before a batch is stored, each run
 * of a suggest-only socket's updates is checked against the document as it will be when the run
 * is applied, on a copy of the room's Y.Doc that takes the batch in arrival order. A run is
 * what the room applies as one transaction and stores as one row, so nobody ever sees a state
 * inside it; and a client can put any edit into one update anyway, so checking runs refuses
 * exactly what checking updates would. Only batches holding such a socket's update pay.
 */

/** What the room checks: an update, and the socket it came from (none: the server or the log). */
export type CheckedWrite = { update: Uint8Array; sender?: { userId: string; suggestOnly: boolean } };

/** The document a Y.Doc holds, as a ProseMirror node; null when it does not fit the schema. */
function nodeOf(doc: Y.Doc): ProseMirrorNode | null {
  try {
    return documentSchema.nodeFromJSON(yDocToJson(doc));
  } catch {
    return null;
  }
}

/** Applies an update to the copy; false when Yjs cannot (the room refuses it again when it applies it). */
function tryApply(copy: Y.Doc, update: Uint8Array): boolean {
  try {
    Y.applyUpdate(copy, update);
    return true;
  } catch {
    return false;
  }
}

/**
 * What the copy holds but cannot integrate yet (structs or deletions waiting for changes it does
 * not have). An update that adds to it would change the text only later, when someone else's
 * update (never checked) supplies what it waits for: a suggest-only run must integrate whole.
 */
function pendingOf(copy: Y.Doc): string {
  const { pendingStructs, pendingDs } = copy.store;
  return `${pendingStructs ? Buffer.from(pendingStructs.update).toString("base64") : ""}|${pendingDs ? Buffer.from(pendingDs).toString("base64") : ""}`;
}

/** Applies a suggest-only run to the copy: why it is refused, or null and the document after it. */
function checkRun(copy: Y.Doc, run: readonly CheckedWrite[], before: ProseMirrorNode | null, userId: string) {
  if (!before) return { why: "the document does not fit its schema", after: null };
  const waiting = pendingOf(copy);
  if (!run.every((write) => tryApply(copy, write.update))) return { why: "it could not be applied", after: null };
  if (pendingOf(copy) !== waiting) return { why: "it depends on changes the server does not have", after: null };
  const after = nodeOf(copy);
  if (!after) return { why: "it does not fit the document's schema", after: null };
  return { why: suggestOnlyViolation(before, after, userId), after };
}

function copyOf(doc: Y.Doc, updates: Uint8Array[]): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  for (const update of updates) Y.applyUpdate(copy, update);
  return copy;
}

/**
 * The writes of `batch` (in arrival order, about to be stored on top of `doc`) to refuse, with
 * why: every update of a suggest-only socket's run that is not only suggestions in its own name,
 * and that socket's later writes in the batch (they build on what was refused). `doc` is not changed.
 */
export function refusedSuggestions<W extends CheckedWrite>(doc: Y.Doc, batch: readonly W[]): Map<W, string> {
  const refused = new Map<W, string>();
  const last = batch.findLastIndex((write) => write.sender?.suggestOnly);
  if (last < 0) return refused;
  /** The batch's updates applied to the copy so far, to rebuild it after a refused run. */
  const applied: Uint8Array[] = [];
  let copy = copyOf(doc, applied);
  /** The copy's document, while no update has reached the copy since it was read. */
  let current: ProseMirrorNode | null | undefined;
  const refusedSenders = new Set<W["sender"]>();
  try {
    for (let i = 0; i <= last; ) {
      const sender = batch[i]!.sender;
      let end = i + 1;
      while (end <= last && batch[end]!.sender === sender) end += 1;
      const run = batch.slice(i, end);
      i = end;
      if (sender && refusedSenders.has(sender)) {
        for (const write of run) refused.set(write, "it builds on a refused change");
        continue;
      }
      if (!sender?.suggestOnly) {
        for (const write of run) if (tryApply(copy, write.update)) applied.push(write.update);
        current = undefined;
        continue;
      }
      const before = current === undefined ? nodeOf(copy) : current;
      const { why, after } = checkRun(copy, run, before, sender.userId);
      if (why === null) {
        applied.push(...run.map((write) => write.update));
        current = after;
        continue;
      }
      for (const write of run) refused.set(write, why);
      refusedSenders.add(sender);
      // The copy took the refused run: it is built again without it.
      copy.destroy();
      copy = copyOf(doc, applied);
      current = before;
    }
  } finally {
    copy.destroy();
  }
  return refused;
}
