// Hocuspocus 3.4.4's Server with no extension: it keeps documents in memory and persists nothing
// (persistence would be an extension's onStoreDocument, debounced 2 s by default). onLoadDocument
// puts the one big document into its cold room from memory, as a store would.
import * as Y from "yjs";
import { Server } from "@hocuspocus/server";
import { bigDocumentUpdate } from "./big-document.ts";
import { announce, answerMemoryRequests, exitOnSignals } from "./child.ts";

const { bigDocument, bigChars } = JSON.parse(process.argv[2] ?? "{}") as { bigDocument: string; bigChars: number };
const big = bigDocumentUpdate(bigChars);
const server = new Server({
  port: 0,
  address: "127.0.0.1",
  quiet: true,
  stopOnSignals: false,
  async onLoadDocument({ documentName, document }: { documentName: string; document: Y.Doc }) {
    if (documentName === bigDocument) Y.applyUpdate(document, big);
  },
});
answerMemoryRequests();
exitOnSignals(async () => void (await server.destroy()));
await server.listen();
announce({ ports: [server.address.port] });
