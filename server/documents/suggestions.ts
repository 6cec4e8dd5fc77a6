import { documentSchema } from "../../app/editor/schema.ts";
import { countSuggestionsInJson, jsonWithoutSuggestions } from "../../app/editor/suggestions.ts";
import * as Y from "yjs";
import { deriveContent, yDocFromJson } from "./derive.ts";

/**
 * Suggestions (tracked changes, ADR 032) where the server meets them: what is published never
 * holds an open suggestion; the text as if each were rejected is published instead.
 */

export { countSuggestionsInJson };

type VersionContent = { ydocState: Uint8Array; contentJson: unknown; contentText: string };

/** `content` with every open suggestion rejected: JSON, text and a Y.Doc state built from that JSON. Unchanged without suggestions. */
export function contentWithoutSuggestions(content: VersionContent): VersionContent {
  if (countSuggestionsInJson(content.contentJson) === 0) return content;
  const json = jsonWithoutSuggestions(documentSchema, content.contentJson);
  const ydoc = yDocFromJson(json);
  try {
    const derived = deriveContent(ydoc);
    return { ydocState: Y.encodeStateAsUpdate(ydoc), contentJson: derived.json, contentText: derived.text };
  } finally {
    ydoc.destroy();
  }
}
