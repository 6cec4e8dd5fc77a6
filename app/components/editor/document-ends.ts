/**
 * Ctrl+Home and Ctrl+End (⌘↑ and ⌘↓ on a Mac too) go to the document's start and end. The
 * browser's own go-to-end found no text after a clause card (its last line is its Add fallback
 * button) and did nothing. A document that ends in a clause card or a table gets a gap cursor
 * after it: typing there starts a paragraph after the card, without the document carrying an
 * empty paragraph for it (a trailing node would be written by every client that opens it).
 */
import { Extension, isMacOS, type Editor } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { GapCursor } from "@tiptap/pm/gapcursor";
import { Selection } from "@tiptap/pm/state";
import { editorShortcut } from "./shortcuts";

/** A block the caret cannot end in from outside: the gap cursor goes beside it. */
const closed = (node: PMNode | null) => !!node && (node.isAtom || !!node.type.spec.isolating);

function goTo(editor: Editor, end: "start" | "end"): boolean {
  const { state, view } = editor;
  const { doc } = state;
  const edge = end === "end" ? doc.lastChild : doc.firstChild;
  const selection =
    editor.isEditable && closed(edge)
      ? new GapCursor(doc.resolve(end === "end" ? doc.content.size : 0))
      : end === "end"
        ? Selection.atEnd(doc)
        : Selection.atStart(doc);
  view.dispatch(state.tr.setSelection(selection).scrollIntoView());
  return true;
}

export const DocumentEnds = Extension.create({
  name: "documentEnds",
  addKeyboardShortcuts() {
    const keys: Record<string, () => boolean> = {
      [editorShortcut("Start of the document")]: () => goTo(this.editor, "start"),
      [editorShortcut("End of the document")]: () => goTo(this.editor, "end"),
    };
    if (isMacOS()) {
      keys["Mod-ArrowUp"] = () => goTo(this.editor, "start");
      keys["Mod-ArrowDown"] = () => goTo(this.editor, "end");
    }
    return keys;
  },
});
