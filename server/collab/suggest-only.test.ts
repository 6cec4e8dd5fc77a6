import * as Y from "yjs";
import { describe, expect, test } from "vitest";
import { yDocFromJson } from "../documents/derive.ts";
import { refusedSuggestions } from "./suggest-only.ts";

const base = () => yDocFromJson({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Base text." }] }] });

/** A client's copy of `doc`, and the update each change to it makes. */
function clientOf(doc: Y.Doc) {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return {
    doc: copy,
    change(edit: (fragment: Y.XmlFragment) => void): Uint8Array {
      const before = Y.encodeStateVector(copy);
      copy.transact(() => edit(copy.getXmlFragment("default")));
      return Y.encodeStateAsUpdate(copy, before);
    },
  };
}

const paragraph = (fragment: Y.XmlFragment, text: string, insertionBy?: string) => {
  const p = new Y.XmlElement("paragraph");
  fragment.push([p]);
  const inline = new Y.XmlText();
  p.insert(0, [inline]);
  inline.insert(0, text, insertionBy ? { insertion: { id: `${insertionBy}-${text}`, authorId: insertionBy, authorName: insertionBy, createdAt: "2026-12-07T00:00:00Z" } } : {});
};

const viewer = { userId: "viewer", suggestOnly: true };
const editor = { userId: "editor", suggestOnly: false };

describe("refusedSuggestions", () => {
  test("a batch without a suggest-only socket's update is not looked at", () => {
    const doc = base();
    const e = clientOf(doc);
    expect(refusedSuggestions(doc, [{ update: e.change((f) => paragraph(f, "Plain")), sender: editor }]).size).toBe(0);
  });

  test("a suggestion is checked against the document as the batch left it: after an editor's edit in the same batch", () => {
    const doc = base();
    const e = clientOf(doc);
    const edit = e.change((f) => paragraph(f, "Editor's plain text"));
    const v = clientOf(e.doc);
    const suggestion = v.change((f) => paragraph(f, "Viewer's proposal", "viewer"));
    expect(refusedSuggestions(doc, [{ update: edit, sender: editor }, { update: suggestion, sender: viewer }]).size).toBe(0);
    // The room's document is left as it was.
    expect(doc.getXmlFragment("default").length).toBe(1);
  });

  test("a plain edit is refused, and so is whatever the same socket sent after it; others' writes stay", () => {
    const doc = base();
    const v = clientOf(doc);
    const plain = v.change((f) => paragraph(f, "Sneaky"));
    const later = v.change((f) => paragraph(f, "Proposal", "viewer"));
    const e = clientOf(doc);
    const edit = e.change((f) => paragraph(f, "Editor"));
    const other = { userId: "viewer2", suggestOnly: true };
    const o = clientOf(doc);
    const fine = o.change((f) => paragraph(f, "Other proposal", "viewer2"));
    const batch = [
      { update: plain, sender: viewer },
      { update: edit, sender: editor },
      { update: later, sender: viewer },
      { update: fine, sender: other },
    ];
    const refused = refusedSuggestions(doc, batch);
    expect([...refused.keys()]).toEqual([batch[0], batch[2]]);
    expect(refused.get(batch[0]!)).toBe("it changes the text itself, not only suggestions");
  });

  test("an update that waits for changes the server does not have is refused: it would change the text later, when someone else's update arrives", () => {
    const doc = base();
    const e = clientOf(doc);
    const unsent = e.change((f) => paragraph(f, "Editor's next words"));
    const v = clientOf(doc);
    Y.applyUpdate(v.doc, unsent);
    // Typing into the editor's paragraph the server has not seen yet: Yjs would keep it pending.
    const update = v.change((f) => ((f.get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "Sneaky "));
    expect([...refusedSuggestions(doc, [{ update, sender: viewer }]).values()]).toEqual(["it depends on changes the server does not have"]);
  });

  test("a suggestion in someone else's name is refused", () => {
    const doc = base();
    const v = clientOf(doc);
    const update = v.change((f) => paragraph(f, "Posing", "editor"));
    expect([...refusedSuggestions(doc, [{ update, sender: viewer }]).values()]).toEqual(["it makes a suggestion in someone else's name"]);
  });

  test("a heading suggested in one's own name is stored, its attribute through Yjs; made a heading plainly, it is refused", () => {
    const retype = (blockChange: object | null) => (fragment: Y.XmlFragment) => {
      const heading = new Y.XmlElement("heading");
      heading.setAttribute("level", 2 as never);
      if (blockChange) heading.setAttribute("blockChange", blockChange as never);
      const inline = new Y.XmlText();
      heading.insert(0, [inline]);
      inline.insert(0, "Base text.");
      fragment.delete(0, 1);
      fragment.insert(0, [heading]);
    };
    const change = { id: "b1", authorId: "viewer", authorName: "Viewer", createdAt: "2026-12-07T00:00:00Z", before: { type: "paragraph" } };
    const doc = base();
    const suggested = clientOf(doc).change(retype(change));
    expect(refusedSuggestions(doc, [{ update: suggested, sender: viewer }]).size).toBe(0);
    const plain = clientOf(doc).change(retype(null));
    expect(refusedSuggestions(doc, [{ update: plain, sender: viewer }]).size).toBe(1);
  });
});
