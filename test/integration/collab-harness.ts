// A real sync server for collab tests: services over the test database, the Express app and
// the services' sync server on one http server at 127.0.0.1:0, and real y-websocket clients.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import * as Y from "yjs";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import { afterEach } from "vitest";
import { createApp } from "../../server/app.ts";
import type { CollabServer } from "../../server/collab/index.ts";
import type { CollabLimits } from "../../server/collab/limits.ts";
import { loadConfig } from "../../server/config.ts";
import { createServices, type Services } from "../../server/context.ts";
import type { Database } from "../../server/db/database.ts";
import type { DocumentStateStore } from "../../server/documents/state-store.ts";
import { createLogger } from "../../server/logger.ts";
import { createUser, viewerOf } from "../factories/users.ts";

export type CollabHarness = {
  url: string;
  wsUrl: string;
  services: Services;
  collab: CollabServer;
  /** Closes every socket at once, without flushing anything: what a killed process leaves behind. */
  killSockets(): void;
  close(): Promise<void>;
};

export async function startCollab(
  db: Database,
  options: { limits?: Partial<CollabLimits>; store?: DocumentStateStore; env?: Record<string, string> } = {},
): Promise<CollabHarness> {
  const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: "memory://", SEED_DEMO: "false", LOG_LEVEL: "warn", ...options.env });
  const logger = createLogger("warn");
  const services = createServices({
    db,
    config,
    logger,
    collabLimits: { pingIntervalMs: 0, ...options.limits },
    documentStateOverride: options.store,
  });
  const collab = services.collab;
  const app = createApp({ services, config, logger, remix: { kind: "none" } });
  const server = http.createServer(app);
  collab.attach(server);
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    services,
    collab,
    killSockets() {
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      if (closed) return;
      closed = true;
      // As on SIGTERM: the sync server says goodbye (1001) and flushes, then the rest goes.
      await collab.close();
      await services.search.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A user (through the auth service), their viewer and a personal API token. */
export async function createMember(
  db: Database,
  services: Services,
  role: "ADMIN" | "EDITOR" | "VIEWER" | "CLIENT",
  organizationName?: string,
) {
  const created = await createUser(services.auth, { role, organizationName });
  const viewer = await viewerOf(db.prisma, created.user.id);
  const { token } = await services.auth.createApiToken(viewer, { name: "collab test" });
  return { ...created, viewer, token };
}

/** A document row (the documents service's own create is tested elsewhere). */
export async function createDocument(
  db: Database,
  fields: { organizationId: string; ownerId?: string; status?: "DRAFT" | "IN_REVIEW" | "PUBLISHED"; sharedWith?: string[] },
) {
  return db.prisma.document.create({
    data: {
      organizationId: fields.organizationId,
      ownerId: fields.ownerId,
      kind: "PLAYBOOK",
      title: "Collab test",
      status: fields.status ?? "DRAFT",
      visibility: fields.sharedWith?.length ? "SHARED" : "INTERNAL",
      shares: fields.sharedWith?.length ? { create: fields.sharedWith.map((organizationId) => ({ organizationId })) } : undefined,
    },
  });
}

/** Waits until `check` passes (returns truthy / does not throw), polling; fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 5000, what = "condition" } = {},
): Promise<Exclude<T, null | undefined | false>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Exclude<T, null | undefined | false>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export type TestClient = {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closes: Array<{ code: number; reason: string }>;
  destroy(): void;
};

/** What a test opens (servers, clients): closed after each test, the last opened first. */
export function closeAfterEach(): Array<{ close(): Promise<void> } | TestClient> {
  const open: Array<{ close(): Promise<void> } | TestClient> = [];
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) {
      if ("provider" in item) item.destroy();
      else await item.close();
    }
  });
  return open;
}

/** A real y-websocket client (no BroadcastChannel: every byte goes through the server). */
export function connectClient(
  wsUrl: string,
  documentId: string,
  auth: { token?: string; cookie?: string; origin?: string },
  options: { doc?: Y.Doc; reconnect?: boolean } = {},
): TestClient {
  const doc = options.doc ?? new Y.Doc();
  const closes: TestClient["closes"] = [];
  const headers: Record<string, string> = {};
  if (auth.cookie) headers.Cookie = auth.cookie;
  class HeaderWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers, origin: auth.origin });
    }
  }
  const provider = new WebsocketProvider(wsUrl, documentId, doc, {
    WebSocketPolyfill: HeaderWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: auth.token ? { token: auth.token } : {},
    maxBackoffTime: 200,
    shouldReconnect: () => options.reconnect ?? false,
  });
  provider.on("connection-close", (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    provider,
    closes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Appends a paragraph with `text` to the Tiptap fragment, as the editor would. */
export function addParagraph(doc: Y.Doc, text: string) {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("default").push([paragraph]);
}

export const fragmentText = (doc: Y.Doc) =>
  doc
    .getXmlFragment("default")
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().map((t) => t.toString()).join("") : ""))
    .join("\n");

/** An HTTP-level answer to a WebSocket upgrade: the status when refused, "open" when accepted. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}, origin?: string) {
  return new Promise<{ status: number | "open"; body: string; messages: number }>((resolve, reject) => {
    const socket = new WebSocket(url, { headers, origin });
    let messages = 0;
    socket.on("message", () => (messages += 1));
    socket.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, messages }));
    });
    socket.on("open", () => {
      socket.close();
      resolve({ status: "open", body: "", messages });
    });
    socket.on("error", (error) => reject(error));
  });
}
