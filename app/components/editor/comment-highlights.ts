/**
 * Commented ranges, highlighted (ADR 031). Decorations, never marks: a mark would live in the
 * Y.Doc, which reaches every reader, and an internal thread must never reach a client. Each
 * thread's range comes from its Yjs relative positions through the ySyncPlugin binding's
 * mapping: recomputed when the threads change or a change arrives from Yjs (a remote edit
 * replaces the whole ProseMirror document), mapped through local edits in between.
 */
import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type EditorState } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import { fromBase64, toBase64 } from "lib0/buffer";
import * as Y from "yjs";

export type HighlightedThread = { id: string; anchor: { start: string; end: string } | null; resolved: boolean };
type HighlightState = { threads: HighlightedThread[]; activeId: string | null; decorations: DecorationSet };
type ShowMeta = { threads: HighlightedThread[]; activeId: string | null };

export const commentHighlightsKey = new PluginKey<HighlightState>("commentHighlights");

type Binding = { doc: Y.Doc; type: Y.XmlFragment; mapping: Map<Y.AbstractType<unknown>, unknown> };

function bindingOf(state: EditorState): Binding | null {
  const sync = ySyncPluginKey.getState(state) as { doc?: Y.Doc; type?: Y.XmlFragment; binding?: { mapping: Binding["mapping"] } } | undefined;
  return sync?.doc && sync.type && sync.binding ? { doc: sync.doc, type: sync.type, mapping: sync.binding.mapping } : null;
}

/** Where an anchor's text is in this editor now; null when it is gone or not here yet. */
export function rangeOfAnchor(state: EditorState, anchor: { start: string; end: string }): { from: number; to: number } | null {
  const binding = bindingOf(state);
  if (!binding) return null;
  try {
    const at = (encoded: string) => relativePositionToAbsolutePosition(binding.doc, binding.type, Y.decodeRelativePosition(fromBase64(encoded)), binding.mapping as never);
    const from = at(anchor.start);
    const to = at(anchor.end);
    if (from === null || to === null || from >= to || to > state.doc.content.size) return null;
    return { from, to };
  } catch {
    return null;
  }
}

/** The anchor of a range of this editor's text (what the server stores for a new thread). */
export function anchorOfRange(state: EditorState, from: number, to: number): { start: string; end: string } | null {
  const binding = bindingOf(state);
  if (!binding) return null;
  const encode = (pos: number) => toBase64(Y.encodeRelativePosition(absolutePositionToRelativePosition(pos, binding.type, binding.mapping as never)));
  return { start: encode(from), end: encode(to) };
}

function decorate(state: EditorState, threads: HighlightedThread[], activeId: string | null): DecorationSet {
  const decorations: Decoration[] = [];
  for (const thread of threads) {
    if (thread.resolved || !thread.anchor) continue;
    const range = rangeOfAnchor(state, thread.anchor);
    if (!range) continue;
    const active = thread.id === activeId;
    decorations.push(
      Decoration.inline(range.from, range.to, { class: active ? "comment-highlight comment-highlight--active" : "comment-highlight", "data-thread-id": thread.id }, { threadId: thread.id }),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

/** Replaces the highlighted threads (the comments list changed, or the one in focus did). */
export function showCommentThreads(view: { state: EditorState; dispatch: (tr: EditorState["tr"]) => void }, threads: HighlightedThread[], activeId: string | null) {
  view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { threads, activeId } satisfies ShowMeta).setMeta("addToHistory", false));
}

export const CommentHighlights = Extension.create<{ onActivate: ((threadId: string) => void) | null }>({
  name: "commentHighlights",

  addOptions() {
    return { onActivate: null };
  },

  addProseMirrorPlugins() {
    const onActivate = this.options.onActivate;
    return [
      new Plugin<HighlightState>({
        key: commentHighlightsKey,
        state: {
          init: () => ({ threads: [], activeId: null, decorations: DecorationSet.empty }),
          apply(tr, value, _old, state) {
            const shown = tr.getMeta(commentHighlightsKey) as ShowMeta | undefined;
            if (shown) return { ...shown, decorations: decorate(state, shown.threads, shown.activeId) };
            if (tr.getMeta(ySyncPluginKey)) return { ...value, decorations: decorate(state, value.threads, value.activeId) };
            if (tr.docChanged) return { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) };
            return value;
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
          handleClick(view, pos) {
            const found = commentHighlightsKey.getState(view.state)?.decorations.find(pos, pos) ?? [];
            const threadId = (found[0]?.spec as { threadId?: string } | undefined)?.threadId;
            if (threadId && onActivate) onActivate(threadId);
            return false;
          },
        },
      }),
    ];
  },
});
