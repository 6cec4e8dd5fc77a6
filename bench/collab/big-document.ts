import * as Y from "yjs";
import { DOCUMENT_FRAGMENT } from "../../server/documents/state-store.ts";

const PARAGRAPH_CHARS = 500;
const WORDS = ["indemnity", "the", "supplier", "shall", "notice", "liability", "party", "agreement", "term", "of", "clause", "consent"];

/**
 * A document of `chars` characters as the editor stores it (paragraphs in the "default" XML
 * fragment), as one Yjs update: every server under test loads this same state for its cold room.
 */
export function bigDocumentUpdate(chars: number): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  let written = 0;
  let word = 0;
  while (written < chars) {
    let text = "";
    const length = Math.min(PARAGRAPH_CHARS, chars - written);
    while (text.length < length) text += `${WORDS[word++ % WORDS.length]} `;
    text = text.slice(0, length);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(text)]);
    fragment.push([paragraph]);
    written += length;
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Characters of text in a loaded document: a client is only "synced" once all of them arrived. */
export function documentChars(doc: Y.Doc): number {
  let chars = 0;
  for (const paragraph of doc.getXmlFragment(DOCUMENT_FRAGMENT).toArray()) {
    if (paragraph instanceof Y.XmlElement) for (const text of paragraph.toArray()) if (text instanceof Y.XmlText) chars += text.length;
  }
  return chars;
}
