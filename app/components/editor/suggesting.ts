/**
 * Suggesting mode (tracked changes, ADR 032): while it is on, what this person types is marked
 * `insertion` and what they delete stays in the document marked `deletion`, with their id, name
 * and the time. Browser only.
 *
 * It rewrites each of their transactions after the fact (appendTransaction): the inserted
 * ranges get the insertion mark; the deleted slices are put back where they were and marked.
 * Deleting one's own suggested insertion removes it outright; deleting text already marked
 * deleted only moves the cursor past it. Inline formatting (bold, link…) is kept as applied and
 * the range marked `formatChange` with the formatting it had before. A paragraph made a heading
 * (or back, or another level) is kept and marked `blockChange` with the type it had. Joins of
 * blocks (Backspace at a paragraph's start), lists, wrapping and other node attributes are not
 * tracked (ADR 032, "Not tracked").
 */
import { Extension } from "@tiptap/core";
import type { Mark, Node as ProseMirrorNode, Slice } from "@tiptap/pm/model";
import { Plugin, PluginKey, TextSelection, type EditorState, type Selection, type Transaction } from "@tiptap/pm/state";
import { AddMarkStep, Mapping, RemoveMarkStep, ReplaceAroundStep, ReplaceStep, type Step } from "@tiptap/pm/transform";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { blockChangeOf, blockTypeOf, isTrackedBlockType, sameBlockType, type BlockType } from "~/editor/block-change";
import { newClauseId } from "~/editor/ids";
import { isFormattingMarkName, type FormatChangeAttrs, type FormattingMark, type SuggestionAttrs, type TextChangeKind } from "~/editor/suggestion-marks";
import { formatChangeOf, formattingOf, resolveSuggestions, sameFormatting, suggestionMarkOf, type SuggestionDecision } from "~/editor/suggestions";

export type SuggestingUser = { id: string; name: string };

type SuggestingState = { enabled: boolean };

export const suggestingKey = new PluginKey<SuggestingState>("suggesting");

/** A transaction that resolves suggestions (Accept/Reject): never itself rewritten into one. */
export const RESOLVING = "suggestionResolution";
/** The transaction this plugin appended: already tracked. */
const TRACKED = "suggestionTracked";

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    suggesting: {
      setSuggesting: (enabled: boolean) => ReturnType;
      /** Accepts or rejects the suggestions `ids` names (all of them when omitted; only `authorId`'s when given). */
      resolveSuggestions: (decision: SuggestionDecision, filter?: { ids?: string[]; authorId?: string | null }) => ReturnType;
    };
  }
}

export const isSuggesting = (state: EditorState) => suggestingKey.getState(state)?.enabled ?? false;

export const Suggesting = Extension.create<{ user: SuggestingUser; enabled: boolean; suggestOnly: boolean }>({
  name: "suggesting",

  addOptions() {
    return { user: { id: "", name: "" }, enabled: false, suggestOnly: false };
  },

  addCommands() {
    return {
      setSuggesting:
        (enabled) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(suggestingKey, { enabled });
          return true;
        },
      resolveSuggestions:
        (decision, filter = {}) =>
        ({ tr, dispatch }) => {
          const ids = filter.ids ? new Set(filter.ids) : null;
          const before = tr.steps.length;
          resolveSuggestions(tr, ({ attrs }) =>
            (!ids || ids.has(attrs.id)) && (filter.authorId === undefined || attrs.authorId === filter.authorId) ? decision : null,
          );
          if (tr.steps.length === before) return false;
          if (dispatch) tr.setMeta(RESOLVING, true);
          return true;
        },
    };
  },

  addProseMirrorPlugins() {
    return [suggestingPlugin(this.options.user, this.options.enabled, this.options.suggestOnly)];
  },
});

/**
 * The block a step turns from paragraph to heading, heading to paragraph or to another level
 * (setBlockType: one ReplaceAroundStep around one textblock, its content kept), or null.
 */
function blockTypeChange(step: Step, doc: ProseMirrorNode): { pos: number; node: ProseMirrorNode } | null {
  if (!(step instanceof ReplaceAroundStep)) return null;
  const { from, to, gapFrom, gapTo, insert, slice } = step as ReplaceAroundStep & { from: number; to: number; gapFrom: number; gapTo: number; insert: number; slice: Slice };
  const node = doc.nodeAt(from);
  const now = slice.content.firstChild;
  const wraps = slice.content.childCount === 1 && insert === 1 && slice.openStart === 0 && slice.openEnd === 0 && gapFrom === from + 1 && gapTo === to - 1;
  if (!wraps || !node || !now || node.nodeSize !== to - from || now.content.size !== 0) return null;
  return isTrackedBlockType(node.type.name) && isTrackedBlockType(now.type.name) ? { pos: from, node } : null;
}

/**
 * What a suggest-only person may do that Suggesting mode can track: replace text (typing,
 * deleting, Enter), add or remove inline formatting, and turn a paragraph into a heading or
 * back. A list, a table or a changed attribute would be refused by the sync server (4422),
 * which closes the connection: the editor refuses it first, so nothing they type is put at risk.
 */
export const trackableBySuggesting = (tr: Transaction) =>
  tr.steps.every(
    (step, i) => step instanceof ReplaceStep || step instanceof AddMarkStep || step instanceof RemoveMarkStep || !!blockTypeChange(step, tr.docs[i]!),
  );

/** The plugin itself (the extension's, and the unit tests' on a bare EditorState). */
export function suggestingPlugin(user: SuggestingUser, enabled: boolean, suggestOnly = false) {
  return new Plugin<SuggestingState>({
    key: suggestingKey,
    state: {
      init: () => ({ enabled }),
      apply: (tr, value) => {
        const meta = tr.getMeta(suggestingKey) as SuggestingState | undefined;
        return meta ? { enabled: meta.enabled } : value;
      },
    },
    filterTransaction: (tr) => !suggestOnly || !tr.docChanged || !!tr.getMeta(ySyncPluginKey) || trackableBySuggesting(tr),
    appendTransaction: (transactions, oldState, newState) =>
      isSuggesting(newState) ? trackChanges(transactions, oldState, newState, user) : clearSettledRetypes(transactions, oldState, newState),
    props: {
      handleKeyDown: (view, event) => {
        if (!isSuggesting(view.state)) return false;
        const tr = deleteCharacter(view.state, event);
        if (!tr) return false;
        view.dispatch(tr);
        return true;
      },
    },
  });
}

/**
 * Backspace or Delete of one character in text, as a transaction of ours. Left to the browser,
 * deleting the letter before a space makes it rewrite the space (as &nbsp;), which reads back as
 * a replacement: a deleted letter and space and an inserted space, tracked as two suggestions.
 * Word-wise deletion (Ctrl/Alt/⌘) and everything at a block's edge stay with the editor's keymap.
 */
export function deleteCharacter(state: EditorState, event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">): Transaction | null {
  const { selection } = state;
  if (event.ctrlKey || event.metaKey || event.altKey || !selection.empty) return null;
  const $at = selection.$from;
  const forward = event.key === "Delete";
  if (!forward && event.key !== "Backspace") return null;
  const neighbour = forward ? $at.nodeAfter : $at.nodeBefore;
  if (!neighbour?.isText) return null;
  const text = neighbour.text!;
  // One character, not half of a surrogate pair.
  const code = forward ? text.charCodeAt(0) : text.charCodeAt(text.length - 1);
  const width = (forward ? code >= 0xd800 && code <= 0xdbff : code >= 0xdc00 && code <= 0xdfff) && text.length > 1 ? 2 : 1;
  const from = forward ? $at.pos : $at.pos - width;
  return state.tr.delete(from, from + width).scrollIntoView();
}

type Insert = { from: number; to: number };
/** Text whose formatting changed, and the formatting it had (one uniform run of the document before). */
type Reformat = { from: number; to: number; before: FormattingMark[] };
/** `backspace`: the deletion ended at an empty cursor (Backspace), so the cursor goes before what is kept. */
type Removal = { at: number; slice: Slice; backspace: boolean };
/** A block whose type changed, at `pos` in the final document, and the block as it was first. */
type Retype = { pos: number; was: ProseMirrorNode };

/** The edits of this person's transactions, in the final document's positions. */
function collectEdits(transactions: readonly Transaction[], before: Selection) {
  const inserts: Insert[] = [];
  const removals: Removal[] = [];
  const reformats: Reformat[] = [];
  const retypes: Retype[] = [];
  transactions.forEach((tr, t) => {
    if (!tr.docChanged || tr.getMeta(ySyncPluginKey) || tr.getMeta(RESOLVING) || tr.getMeta(TRACKED)) return;
    tr.steps.forEach((step, s) => {
      // From this step's result to the final document.
      // Map by map: a sliced Mapping's `maps` is still the whole list.
      const rest = () => new Mapping([...tr.mapping.maps.slice(s + 1), ...transactions.slice(t + 1).flatMap((later) => later.mapping.maps)]);
      if ((step instanceof AddMarkStep || step instanceof RemoveMarkStep) && isFormattingMarkName(step.mark.type.name)) {
        const map = rest();
        tr.docs[s]!.nodesBetween(step.from, step.to, (node, pos) => {
          if (!node.isInline) return true;
          const from = map.map(Math.max(pos, step.from), 1);
          const to = map.map(Math.min(pos + node.nodeSize, step.to), -1);
          if (to > from) reformats.push({ from, to, before: formattingOf(node) });
          return false;
        });
        return;
      }
      const retyped = blockTypeChange(step, tr.docs[s]!);
      if (retyped) {
        const pos = rest().map(retyped.pos, 1);
        // Changed again in the same batch: the type it had first is what it was.
        if (!retypes.some((r) => r.pos === pos)) retypes.push({ pos, was: retyped.node });
        return;
      }
      if (!(step instanceof ReplaceStep)) return; // attributes, wrapping, lists: not tracked
      const map = rest();
      const { from, to, slice } = step as ReplaceStep & { from: number; to: number };
      if (slice.size > 0) {
        const start = map.map(from, 1);
        const end = map.map(from + slice.size, -1);
        if (end > start) inserts.push({ from: start, to: end });
      }
      if (to > from) {
        const backspace = t === 0 && s === 0 && slice.size === 0 && before.empty && before.from === to;
        removals.push({ at: map.map(from, -1), slice: tr.docs[s]!.slice(from, to), backspace });
      }
    });
  });
  return { inserts, removals, reformats, retypes };
}

function trackChanges(transactions: readonly Transaction[], oldState: EditorState, newState: EditorState, user: SuggestingUser) {
  const { inserts, removals, reformats, retypes } = collectEdits(transactions, oldState.selection);
  if (!inserts.length && !removals.length && !reformats.length && !retypes.length) return null;
  const tr = newState.tr;
  const createdAt = new Date().toISOString();
  const fresh = (): SuggestionAttrs => ({ id: newClauseId(), authorId: user.id, authorName: user.name, createdAt });
  const mark = (kind: TextChangeKind, from: number, to: number, known?: SuggestionAttrs) => {
    // Continuing a suggestion takes its attributes whole, so its runs stay one mark (one element).
    const attrs = known ?? continued(tr.doc, kind, from, to, user.id) ?? fresh();
    tr.addMark(from, to, newState.schema.marks[kind]!.create(attrs));
  };

  for (const { from, to } of inserts) {
    // Typed inside someone's deleted or reformatted text, it would carry that mark too.
    tr.removeMark(from, to, newState.schema.marks.deletion!);
    tr.removeMark(from, to, newState.schema.marks.formatChange!);
    mark("insertion", from, to);
  }

  // Formatting and block types: before the deleted slices come back, while positions are the new document's.
  const formatting = reformats.length ? fresh() : null;
  for (const { from, to, before } of reformats) reformat(tr, from, to, before, formatting!, user.id);
  for (const { pos, was } of retypes) retype(tr, pos, was, fresh, user.id);

  let cursor: number | null = null;
  let forward = false;
  // Put back what was deleted, last first, so earlier positions hold.
  for (const { at: rawAt, slice, backspace } of [...removals].sort((a, b) => b.at - a.at)) {
    if (!needsKeeping(slice, user.id)) continue;
    const at = tr.mapping.map(rawAt, -1);
    const sizeBefore = tr.doc.content.size;
    tr.replace(at, at, slice);
    const end = at + (tr.doc.content.size - sizeBefore);
    // Inside what came back: one's own insertions go for good, the rest is marked deleted.
    const own: Array<[number, number]> = [];
    const others: Array<[number, number]> = [];
    tr.doc.nodesBetween(at, end, (node, pos) => {
      if (!node.isInline) return true;
      const from = Math.max(pos, at);
      const to = Math.min(pos + node.nodeSize, end);
      const existing = suggestionMarkOf(node);
      if (existing?.type.name === "insertion" && existing.attrs.authorId === user.id) own.push([from, to]);
      // Someone else's suggestion is theirs to withdraw (or an editor's to reject): it stays as it is.
      else if (!existing) others.push([from, to]);
      return false;
    });
    // One deletion across blocks is one suggestion.
    const attrs = others.length ? (continued(tr.doc, "deletion", others[0]![0], others.at(-1)![1], user.id) ?? fresh()) : undefined;
    for (const [from, to] of others) mark("deletion", from, to, attrs);
    for (const [from, to] of own.reverse()) tr.delete(from, to);
    if (backspace) cursor = at;
    else forward = true;
  }

  if (cursor !== null) tr.setSelection(TextSelection.create(tr.doc, skipDeleted(tr.doc, cursor, -1)));
  else if (forward && oldState.selection.empty && tr.selection.empty) {
    tr.setSelection(TextSelection.create(tr.doc, skipDeleted(tr.doc, tr.selection.from, 1)));
  }
  return tr.docChanged ? tr.setMeta(TRACKED, true) : null;
}

/**
 * Marks [from, to) as reformatted by this person: the formatting it had first is what a reject
 * restores, whoever changed it since (a second change by someone else takes the suggestion over,
 * in their name, as Word does). Text back as it was carries no suggestion; one's own suggested
 * insertion is simply formatted.
 */
function reformat(tr: Transaction, from: number, to: number, before: FormattingMark[], attrs: SuggestionAttrs, userId: string) {
  const type = tr.doc.type.schema.marks.formatChange!;
  tr.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isInline) return true;
    const start = Math.max(pos, from);
    const end = Math.min(pos + node.nodeSize, to);
    const text = suggestionMarkOf(node);
    if (text?.type.name === "insertion" && text.attrs.authorId === userId) return false;
    const existing = formatChangeOf(node);
    const first = existing ? ((existing.attrs as FormatChangeAttrs).before ?? []) : before;
    if (sameFormatting(first, formattingOf(node))) {
      if (existing) tr.removeMark(start, end, existing);
    } else if (existing?.attrs.authorId !== userId) {
      tr.addMark(start, end, type.create({ ...attrs, before: first }));
    }
    return false;
  });
}

/**
 * Outside Suggesting mode a retype is not tracked; but a block put back by hand to the type its
 * block change recorded has nothing left to suggest (the editor's setNode copies the attribute).
 */
function clearSettledRetypes(transactions: readonly Transaction[], oldState: EditorState, newState: EditorState) {
  const { retypes } = collectEdits(transactions, oldState.selection);
  const tr = newState.tr;
  for (const { pos } of retypes) {
    const node = tr.doc.nodeAt(pos);
    const change = node ? blockChangeOf(node) : null;
    const now = node ? blockTypeOf(node) : null;
    if (change && now && sameBlockType(change.before, now)) tr.setNodeAttribute(pos, "blockChange", null);
  }
  return tr.docChanged ? tr.setMeta(TRACKED, true) : null;
}

/**
 * Marks the block at `pos` as retyped by this person: the type it had first is what a reject
 * restores, whoever changed it since (taken over in the last changer's name, as formatting is).
 * Back to that type, it carries no suggestion; a block that is all one's own suggested text is
 * simply retyped.
 */
function retype(tr: Transaction, pos: number, was: ProseMirrorNode, fresh: () => SuggestionAttrs, userId: string) {
  const node = tr.doc.nodeAt(pos);
  const now = node ? blockTypeOf(node) : null;
  if (!node || !now) return;
  const existing = blockChangeOf(was);
  const first: BlockType = existing?.before ?? blockTypeOf(was)!;
  let ownText = node.childCount > 0;
  node.forEach((child) => {
    const text = suggestionMarkOf(child);
    if (!(text?.type.name === "insertion" && text.attrs.authorId === userId)) ownText = false;
  });
  const change = sameBlockType(first, now) || ownText ? null : { ...(existing?.authorId === userId ? existing : fresh()), before: first };
  if (JSON.stringify(change) !== JSON.stringify(node.attrs.blockChange ?? null)) tr.setNodeAttribute(pos, "blockChange", change);
}

/** A deleted slice is put back unless its only text is this person's own suggested insertion (or it has no text: a join). */
function needsKeeping(slice: Slice, userId: string): boolean {
  let text = false;
  let others = false;
  slice.content.descendants((node) => {
    if (!node.isInline) return true;
    text = true;
    const existing = suggestionMarkOf(node);
    if (!(existing?.type.name === "insertion" && existing.attrs.authorId === userId)) others = true;
    return false;
  });
  return text && others;
}

/** This person's suggestion of the same kind right beside [from, to): typing on continues it. */
function continued(doc: ProseMirrorNode, kind: TextChangeKind, from: number, to: number, userId: string): SuggestionAttrs | null {
  const same = (m: Mark | undefined) => (m && m.type.name === kind && m.attrs.authorId === userId ? (m.attrs as SuggestionAttrs) : null);
  const before = doc.resolve(from).nodeBefore;
  const after = doc.resolve(to).nodeAfter;
  return same(before ? suggestionMarkOf(before) : undefined) ?? same(after ? suggestionMarkOf(after) : undefined);
}

/** Past a run of text already marked deleted, in `direction`. */
function skipDeleted(doc: ProseMirrorNode, pos: number, direction: -1 | 1): number {
  let at = pos;
  for (;;) {
    const $at = doc.resolve(at);
    const node = direction < 0 ? $at.nodeBefore : $at.nodeAfter;
    if (!node || !node.isInline || suggestionMarkOf(node)?.type.name !== "deletion") return at;
    at += direction * node.nodeSize;
  }
}
