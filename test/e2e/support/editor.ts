// The collaborative editor as the specs read it: its body, its first paragraph's text, and where
// its caret is by the editor's own state (Tiptap hangs the editor on the element it edits). A
// click's selection reaches the editor a moment after the click: a key pressed before then acts
// on the old selection, so specs wait for the caret before typing.
import { expect, type Page } from "@playwright/test";
import type { EditorState } from "@tiptap/pm/state";

type EditorElement = HTMLElement & { editor: { state: EditorState } };

export const documentBody = (page: Page) => page.getByRole("textbox", { name: "Document body" });

/** The save status says the last change is stored. */
export const expectSaved = (page: Page) => expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

/** Creates a document from the library's New page, types `text` into it and waits until it is saved; its id. */
export async function newDocumentWithText(page: Page, title: string, text: string): Promise<string> {
  await page.goto("/library/new");
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: /create/i }).click();
  await expect(page).toHaveURL(/\/documents\/[^/?#]+/);
  await documentBody(page).click();
  await page.keyboard.type(text);
  await expectSaved(page);
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** The first paragraph's text, every suggestion's included, others' carets left out. */
export const paragraphText = (page: Page) =>
  documentBody(page)
    .locator("p")
    .first()
    .evaluate((p) => {
      const copy = p.cloneNode(true) as HTMLElement;
      for (const caret of copy.querySelectorAll(".remote-caret")) caret.remove();
      return copy.textContent;
    });

/** The text of the block the caret is in, before and after it; null while a range is selected. */
export const caret = (page: Page) =>
  documentBody(page).evaluate((element) => {
    const { state } = (element as EditorElement).editor;
    const { empty, from, $from } = state.selection;
    if (!empty || !$from.parent.isTextblock) return null;
    return { before: state.doc.textBetween($from.start(), from), after: state.doc.textBetween(from, $from.end()) };
  });

/** The text the editor has selected. */
const selectedText = (page: Page) =>
  documentBody(page).evaluate((element) => {
    const { state } = (element as EditorElement).editor;
    return state.doc.textBetween(state.selection.from, state.selection.to);
  });

/** Selects the first occurrence of `words` in the document, as a mouse would, and waits until the editor has it selected. */
export async function selectWords(page: Page, words: string) {
  await documentBody(page).evaluate((element, words) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(words);
      if (at >= 0) return window.getSelection()!.setBaseAndExtent(node, at, node, at + words.length);
    }
  }, words);
  await expect.poll(() => selectedText(page)).toBe(words);
}

/** Clicks `text` in the document and waits until the editor's caret is in it. */
export async function clickInto(page: Page, text: string) {
  await documentBody(page).getByText(text).click();
  await expect.poll(async () => {
    const at = await caret(page);
    return at ? at.before + at.after : null;
  }).toContain(text);
}

/**
 * Puts the caret just before the first occurrence of `word`, as a click there would, and waits
 * until the editor has taken it. Arrow keys are no way to get there: another person's caret on
 * the line holds zero-width characters, and the browser's caret stops on them.
 */
export async function placeCaretBefore(page: Page, word: string) {
  await documentBody(page).evaluate((element, word) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(word);
      if (at >= 0) return window.getSelection()!.collapse(node, at);
    }
  }, word);
  await expect.poll(async () => (await caret(page))?.after.startsWith(word) ?? false).toBe(true);
}
