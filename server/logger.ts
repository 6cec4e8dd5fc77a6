const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;
export type Logger = Record<Exclude<LogLevel, "silent">, (message: string, fields?: Record<string, unknown>) => void>;

/** One line per event, JSON fields after the message: readable in a terminal, greppable in a log. */
export function createLogger(level: LogLevel = "info"): Logger {
  const at = LEVELS[level];
  const write = (l: Exclude<LogLevel, "silent">) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[l] < at) return;
    const line = `${new Date().toISOString()} ${l.toUpperCase().padEnd(5)} ${message}${fields ? " " + JSON.stringify(fields) : ""}`;
    (l === "error" || l === "warn" ? console.error : console.log)(line);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
