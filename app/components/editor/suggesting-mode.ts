/** Each person's Editing / Suggesting choice, remembered per document in this browser (a preference, not a permission). */
const key = (documentId: string) => `precedent-suggesting:${documentId}`;

export function readSuggestingMode(documentId: string): boolean {
  try {
    return window.localStorage.getItem(key(documentId)) === "on";
  } catch {
    return false; // storage unavailable (private window): Editing
  }
}

export function saveSuggestingMode(documentId: string, on: boolean): void {
  try {
    if (on) window.localStorage.setItem(key(documentId), "on");
    else window.localStorage.removeItem(key(documentId));
  } catch {
    // Not remembered; the mode still applies until the page closes.
  }
}
