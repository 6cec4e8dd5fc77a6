import { getSchema } from "@tiptap/core";
import { documentExtensions } from "./extensions";

/** The ProseMirror schema of a Precedent document (server and browser alike). */
export const documentSchema = getSchema(documentExtensions());
