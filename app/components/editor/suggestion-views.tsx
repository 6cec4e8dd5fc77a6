/**
 * How suggestions look and are decided in the editor (ADR 032): each in its author's colour
 * with name and time on hover; a popover with Accept / Reject when the cursor is in one; the
 * "Suggestions" panel listing them with Accept all / Reject all, optionally by author.
 */
import type { Editor } from "@tiptap/core";
import { useEditorState } from "@tiptap/react";
import { useState } from "react";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Deletion, FormatChange, Insertion, type FormatChangeAttrs, type SuggestionAttrs, type SuggestionKind } from "~/editor/suggestion-marks";
import { blockChangeExtension, blockChangeOf, describeBlockChange } from "~/editor/block-change";
import { collectSuggestions, formatChangeOf, formattingNames, suggestionMarkOf, type Suggestion } from "~/editor/suggestions";
import { userColor } from "./user-color";

const VERB: Record<SuggestionKind, string> = { insertion: "Inserted", deletion: "Deleted", formatChange: "Formatted" };
const TAG: Record<SuggestionKind, string> = { insertion: "ins", deletion: "del", formatChange: "span" };

/** "7 Dec 2026, 12:03", or the raw value when it is not a date. */
export function suggestionTime(createdAt: string): string {
  const at = new Date(createdAt);
  return Number.isNaN(at.getTime()) ? createdAt : at.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

const colourOf = (attrs: Pick<SuggestionAttrs, "authorId" | "authorName">) => userColor(attrs.authorId ?? `word:${attrs.authorName}`);

/** The schema's marks, rendered in the author's colour with a hover title (rendering only; the schema is unchanged). */
function coloured(mark: typeof Insertion, kind: SuggestionKind) {
  return mark.extend({
    renderHTML({ HTMLAttributes, mark: m }) {
      const attrs = m.attrs as SuggestionAttrs;
      // The mark alone does not know the formatting now: its title says what it was.
      const was = kind === "formatChange" ? `; before: ${formattingNames((attrs as FormatChangeAttrs).before ?? [])}` : "";
      return [
        TAG[kind],
        {
          ...HTMLAttributes,
          class: `suggestion suggestion-${kind}`,
          style: `--suggestion-colour: ${colourOf(attrs)}`,
          title: `${VERB[kind]} by ${attrs.authorName || "someone"} · ${suggestionTime(attrs.createdAt)}${was}`,
        },
        0,
      ];
    },
  });
}

export const ColouredInsertion = coloured(Insertion, "insertion");
export const ColouredDeletion = coloured(Deletion, "deletion");
export const ColouredFormatChange = coloured(FormatChange, "formatChange");
/** A block whose type is a suggestion: a left border in the author's colour, "Heading 2 (was paragraph) by NAME · time". */
export const ColouredBlockChange = blockChangeExtension((change, now) => ({
  style: `--suggestion-colour: ${colourOf(change)}`,
  title: `${describeBlockChange(now, change)} by ${change.authorName || "someone"} · ${suggestionTime(change.createdAt)}`,
}));

function describe(s: Pick<Suggestion, "kind" | "text" | "change">) {
  const excerpt = s.text.length > 60 ? `${s.text.slice(0, 57)}…` : s.text;
  return `${s.kind === "insertion" ? "Insert" : s.kind === "deletion" ? "Delete" : `${s.change ?? "Formatting changed"}:`} “${excerpt}”`;
}

/** The suggestion an inline node carries that the popover shows: its insertion or deletion, else its formatting change. */
const shownMark = (node: ProseMirrorNode | null | undefined) => {
  const mark = node ? (suggestionMarkOf(node) ?? formatChangeOf(node)) : undefined;
  return mark ? { id: (mark.attrs as SuggestionAttrs).id, kind: mark.type.name } : undefined;
};
/** Else the block's type change, when the cursor's block has one. */
const shownBlock = (block: ProseMirrorNode) => {
  const change = blockChangeOf(block);
  return change ? { id: change.id, kind: "blockChange" } : undefined;
};

/** The suggestion under the cursor, with Accept and Reject for those who may decide. */
export function SuggestionPopover({ editor, canResolve }: { editor: Editor; canResolve: boolean }) {
  const current = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const { selection, doc } = e.state;
      if (!selection.empty || !e.isFocused) return null;
      const $pos = doc.resolve(selection.from);
      const shown = shownMark($pos.nodeAfter) ?? shownMark($pos.nodeBefore) ?? shownBlock($pos.parent);
      if (!shown) return null;
      const suggestion = collectSuggestions(doc).find((s) => s.id === shown.id && s.kind === shown.kind);
      if (!suggestion) return null;
      const coords = e.view.coordsAtPos(selection.from);
      const page = e.view.dom.closest(".collab-editor__page")?.getBoundingClientRect();
      return { suggestion, top: coords.bottom - (page?.top ?? 0) + 6, left: Math.max(8, coords.left - (page?.left ?? 0) - 24) };
    },
    equalityFn: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  if (!current) return null;
  const { suggestion } = current;
  return (
    <div
      className="suggestion-popover"
      role="group"
      aria-label={`Suggestion by ${suggestion.authorName}`}
      style={{ top: current.top, left: current.left, borderColor: colourOf(suggestion) }}
      onMouseDown={(e) => e.preventDefault() /* keep the cursor where it is */}
    >
      <p className="suggestion-popover__who">
        <strong>{suggestion.authorName || "Someone"}</strong> · <time dateTime={suggestion.createdAt}>{suggestionTime(suggestion.createdAt)}</time>
      </p>
      <p className="suggestion-popover__what">{describe(suggestion)}</p>
      {canResolve ? <ResolveButtons editor={editor} suggestion={suggestion} /> : null}
    </div>
  );
}

function ResolveButtons({ editor, suggestion }: { editor: Editor; suggestion: Suggestion }) {
  const what = describe(suggestion);
  return (
    <div className="suggestion-actions">
      <button
        type="button"
        className="button small"
        aria-label={`Accept: ${what}`}
        onClick={() => editor.chain().focus().resolveSuggestions("accept", { ids: [suggestion.id] }).run()}
      >
        Accept
      </button>
      <button
        type="button"
        className="button small"
        aria-label={`Reject: ${what}`}
        onClick={() => editor.chain().focus().resolveSuggestions("reject", { ids: [suggestion.id] }).run()}
      >
        Reject
      </button>
    </div>
  );
}

const ANYONE = "";

/** Every open suggestion in document order; those who may decide accept or reject each, or all (by author). */
export function SuggestionsPanel({ editor, canResolve }: { editor: Editor; canResolve: boolean }) {
  const suggestions = useEditorState({
    editor,
    selector: ({ editor: e }) => collectSuggestions(e.state.doc),
    equalityFn: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  const [author, setAuthor] = useState(ANYONE);
  const authors = [...new Map(suggestions.map((s) => [s.authorId ?? `word:${s.authorName}`, s.authorName])).entries()];
  const chosen = authors.some(([id]) => id === author) ? author : ANYONE;
  const filter = chosen === ANYONE ? {} : { authorId: chosen.startsWith("word:") ? null : chosen };
  const shown = suggestions.filter((s) => chosen === ANYONE || (s.authorId ?? `word:${s.authorName}`) === chosen);

  return (
    <section className="suggestions-panel" aria-labelledby="suggestions-panel-title">
      <h2 id="suggestions-panel-title">
        Suggestions <span className="badge">{suggestions.length}</span>
      </h2>
      {suggestions.length === 0 ? (
        <p className="hint">No open suggestions. In Suggesting mode, what you type, delete and format (headings too) becomes a suggestion for an editor to accept or reject.</p>
      ) : (
        <>
          {canResolve ? (
            <div className="suggestions-panel__all">
              {authors.length > 1 ? (
                <label className="suggestions-panel__author">
                  <span>By</span>
                  <select value={chosen} onChange={(e) => setAuthor(e.target.value)}>
                    <option value={ANYONE}>Everyone</option>
                    {authors.map(([id, name]) => (
                      <option key={id} value={id}>
                        {name}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              <button type="button" className="button small" onClick={() => editor.chain().focus().resolveSuggestions("accept", filter).run()}>
                Accept all
              </button>
              <button type="button" className="button small" onClick={() => editor.chain().focus().resolveSuggestions("reject", filter).run()}>
                Reject all
              </button>
            </div>
          ) : null}
          <ul className="suggestions-panel__list">
            {shown.map((s) => (
              <li key={`${s.kind}:${s.id}`} style={{ borderLeftColor: colourOf(s) }} aria-label={`${describe(s)} by ${s.authorName}`}>
                <p className="suggestions-panel__who">
                  <strong>{s.authorName || "Someone"}</strong> · <time dateTime={s.createdAt}>{suggestionTime(s.createdAt)}</time>
                </p>
                <button
                  type="button"
                  className="link-button suggestions-panel__what"
                  onClick={() => editor.chain().focus().setTextSelection(s.from).scrollIntoView().run()}
                >
                  {s.kind === "insertion" ? <ins>{describe(s)}</ins> : s.kind === "deletion" ? <del>{describe(s)}</del> : <span className={`suggestion-${s.kind}`}>{describe(s)}</span>}
                </button>
                {canResolve ? <ResolveButtons editor={editor} suggestion={s} /> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
