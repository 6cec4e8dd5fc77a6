/**
 * Tab order inside a clause card, in the order the card reads: clause name, escalate to,
 * perspective, Required, then each part's controls (approver, a fallback's Remove) followed by
 * its text, its model wording's Remove and text, or Add model wording; then the Add buttons. The
 * browser alone would skip the parts' text: it is all one contenteditable, so Tab went from
 * "Escalate to" straight to the first Remove button.
 */
import { Extension, type Editor } from "@tiptap/core";
import { Selection } from "@tiptap/pm/state";

const CARD = ".clause-card";
/** Text a Tab stops in: a part's description, and its model wording (a stop of its own, nested in the part's). */
const PART_BODY = ".clause-part__body, .clause-wording__body";

/** The card's controls and part bodies, in document order; a card nested in a part is its own. */
function cardStops(card: Element): HTMLElement[] {
  return [...card.querySelectorAll<HTMLElement>(`input, button, ${PART_BODY}`)].filter((el) => el.closest(CARD) === card);
}

/** Put the caret at the start of a part's text. */
function focusPartBody(editor: Editor, body: HTMLElement) {
  const { view } = editor;
  const $pos = view.state.doc.resolve(view.posAtDOM(body, 0));
  view.focus();
  view.dispatch(view.state.tr.setSelection(Selection.near($pos)).scrollIntoView());
}

/** Move from `from` (a control, or the part body holding the caret) to the next or previous stop; false at either end. */
function moveFrom(editor: Editor, from: HTMLElement, direction: 1 | -1): boolean {
  const card = from.closest(CARD);
  if (!card || !editor.isEditable) return false;
  const stops = cardStops(card);
  const next = stops[stops.indexOf(from) + direction];
  if (!next || stops.indexOf(from) < 0) return false;
  if (next.matches(PART_BODY)) focusPartBody(editor, next);
  else next.focus();
  return true;
}

/** For a card's inputs and buttons: Tab and Shift+Tab follow the card's order. */
export function onClauseCardTab(editor: Editor) {
  return (event: React.KeyboardEvent<HTMLElement>) => {
    if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) return;
    if (moveFrom(editor, event.currentTarget, event.shiftKey ? -1 : 1)) event.preventDefault();
  };
}

function moveFromCaret(editor: Editor, direction: 1 | -1): boolean {
  const { node } = editor.view.domAtPos(editor.state.selection.from);
  const body = (node instanceof Element ? node : node.parentElement)?.closest<HTMLElement>(PART_BODY);
  return body ? moveFrom(editor, body, direction) : false;
}

/**
 * Tab and Shift+Tab in a part's text. Below lists and tables (priority), which use Tab to
 * indent and to move between cells: only a Tab they leave reaches this.
 */
export const ClauseCardTabOrder = Extension.create({
  name: "clauseCardTabOrder",
  priority: 50,
  addKeyboardShortcuts() {
    return {
      Tab: () => moveFromCaret(this.editor, 1),
      "Shift-Tab": () => moveFromCaret(this.editor, -1),
    };
  },
});
