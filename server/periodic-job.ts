import type { Logger } from "./logger.ts";

/**
 * A background pass the server runs at start and then every `intervalMs`, never two at once (a
 * slow pass delays the next instead of racing it): the in-force sweep, mail delivery, the
 * review-due sweep, the retention purge. `stop` waits for a pass in flight, so shutdown never
 * closes the database under one.
 */
export function createPeriodicJob<T>({ name, intervalMs, run, logger }: { name: string; intervalMs: number; run: () => Promise<T>; logger?: Logger }) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<T> | undefined;

  /** A pass now, or the one already running. */
  function runNow(): Promise<T> {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    runNow,
    start() {
      if (timer) return;
      const tick = () => void runNow().catch((error: unknown) => logger?.error(`${name} failed`, { error: String(error) }));
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}
