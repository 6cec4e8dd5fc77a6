// A throwaway redis-server (Debian's, as CI installs it) on a free loopback port, nothing saved,
// stopped by its pid.
import { spawn } from "node:child_process";
import net from "node:net";
import { freePort, killOnExit, stopProcess } from "../../test/helpers/processes.ts";

const REDIS_BINARY = "/usr/bin/redis-server";
const START_TIMEOUT_MS = 10_000;

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
  });

export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(REDIS_BINARY, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const forget = killOnExit(child);
  const stop = async () => {
    forget();
    await stopProcess(child);
  };
  const spawnFailed = new Promise<Error>((resolve) => child.once("error", resolve));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    const failed = await Promise.race([spawnFailed, new Promise<null>((r) => setTimeout(() => r(null), 50))]);
    if (failed) throw new Error(`${REDIS_BINARY} could not start: ${failed.message}`);
    if (await answers(port)) return { url: `redis://127.0.0.1:${port}`, stop };
  }
  await stop();
  throw new Error(`${REDIS_BINARY} did not answer on 127.0.0.1:${port}`);
}
