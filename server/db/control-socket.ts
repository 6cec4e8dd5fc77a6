// The running server's local control channel (ADR 022): a Unix socket in DATA_DIR, readable and
// writable by its owner only (0600), through which `npm run db:backup` asks the process that
// holds the embedded database for a consistent backup. PGlite is single-process: no other
// process may open the data folder while the server runs.
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { createBackup } from "./backup.ts";
import type { Database } from "./database.ts";

export const CONTROL_SOCKET_FILE = "control.sock";

export const controlSocketPath = (dataDir: string) => path.join(dataDir, CONTROL_SOCKET_FILE);

/** The largest request line accepted: requests are one short JSON command. */
const MAX_REQUEST_BYTES = 1024;

export type ControlHandlers = { backup(): Promise<Uint8Array> };

/**
 * Listens on `<dataDir>/control.sock`. Protocol: the client sends one JSON line
 * (`{"command":"backup"}`); the server answers one JSON line (`{"ok":true,"bytes":N}` or
 * `{"ok":false,"error":"…"}`), then N bytes, then closes. Call only while holding the data-dir
 * lock: a socket file already there is a dead server's and is replaced.
 */
export async function startControlSocket({
  dataDir,
  handlers,
  onError,
}: {
  dataDir: string;
  handlers: ControlHandlers;
  onError: (error: unknown) => void;
}): Promise<{ close(): Promise<void> }> {
  const file = controlSocketPath(dataDir);
  await fs.rm(file, { force: true });
  const server = net.createServer((socket) => {
    let buffered = "";
    const reply = (header: object, body?: Uint8Array) => {
      socket.write(`${JSON.stringify(header)}\n`);
      if (body) socket.end(body);
      else socket.end();
    };
    socket.on("error", onError);
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      if (buffered.length > MAX_REQUEST_BYTES) return reply({ ok: false, error: "request too long" });
      const end = buffered.indexOf("\n");
      if (end < 0) return;
      socket.removeAllListeners("data");
      let command: unknown;
      try {
        command = (JSON.parse(buffered.slice(0, end)) as { command?: unknown }).command;
      } catch {
        return reply({ ok: false, error: "bad request: one JSON line expected" });
      }
      if (command !== "backup") return reply({ ok: false, error: `unknown command ${JSON.stringify(command)}` });
      handlers.backup().then(
        (bytes) => reply({ ok: true, bytes: bytes.byteLength }, bytes),
        (error: unknown) => {
          onError(error);
          reply({ ok: false, error: error instanceof Error ? error.message : String(error) });
        },
      );
    });
  });
  // The socket is created with the process umask: owner-only from the moment it exists.
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(file, resolve);
    });
  } finally {
    process.umask(umask);
  }
  await fs.chmod(file, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

/**
 * Asks the server on `dataDir` for a backup. Null when no server answers there; throws with the
 * server's reason when it refuses or fails.
 */
export async function requestBackup(dataDir: string): Promise<Uint8Array | null> {
  const file = controlSocketPath(dataDir);
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(file);
    const chunks: Buffer[] = [];
    let connected = false;
    socket.on("connect", () => {
      connected = true;
      socket.write(`${JSON.stringify({ command: "backup" })}\n`);
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error) => {
      // No socket, a dead server's, or a path too long to have one: the caller then tries the lock.
      if (!connected) resolve(null);
      else reject(error);
    });
    socket.on("end", () => {
      const all = Buffer.concat(chunks);
      const newline = all.indexOf(10);
      if (newline < 0) return reject(new Error("The server closed the control channel without an answer."));
      const header = JSON.parse(all.subarray(0, newline).toString("utf8")) as { ok: boolean; bytes?: number; error?: string };
      if (!header.ok) return reject(new Error(`The server refused the backup: ${header.error ?? "no reason given"}`));
      const body = all.subarray(newline + 1);
      if (body.byteLength !== header.bytes) return reject(new Error(`The backup was cut short: ${body.byteLength} of ${header.bytes} bytes arrived.`));
      resolve(new Uint8Array(body));
    });
  });
}

/**
 * The server's side of `npm run db:backup`: on an embedded database in a data folder, answers
 * backup requests with a consistent backup of the open database. Nothing for PostgreSQL (pg_dump)
 * or an in-memory database.
 */
export async function serveBackups({ config, database, logger }: { config: Config; database: Database; logger: Logger }) {
  if (config.database.kind !== "pglite" || config.database.dataDir === "memory://") return undefined;
  try {
    return await startControlSocket({
      dataDir: config.dataDir,
      handlers: {
        backup: async () => {
          const { bytes, manifest } = await createBackup(database);
          logger.info("backup taken", { bytes: bytes.byteLength, counts: manifest.counts });
          return bytes;
        },
      },
      onError: (error) => logger.warn("control socket", { error: String(error) }),
    });
  } catch (error) {
    // A DATA_DIR path too long for a Unix socket (about 100 bytes) must not stop the server:
    // backups then need it stopped, and the operator is told so.
    logger.warn("db:backup will need the server stopped: the control socket could not be opened", { error: String(error) });
    return undefined;
  }
}
