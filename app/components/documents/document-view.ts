import type { PresentedDocument } from "../../../server/documents/presenter.ts";

/** The document as the page has it: the body comes over the sync socket or as the published content. */
export type DocumentView = Omit<PresentedDocument, "content">;
