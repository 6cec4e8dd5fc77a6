import path from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  test("runs on safe defaults with an empty environment", () => {
    const config = loadConfig({});
    const dataDir = path.resolve("./data");
    expect(config).toEqual({
      env: "development",
      dataDir,
      database: { kind: "pglite", dataDir: path.join(dataDir, "pg") },
      port: 3000,
      host: "0.0.0.0",
      appOrigin: undefined,
      secureCookies: false,
      trustProxy: false,
      search: { kind: "embedded", dataDir: path.join(dataDir, "search") },
      seedDemo: true,
      logLevel: "info",
      mail: { smtpUrl: undefined, from: "Precedent <precedent@localhost>", appUrl: "http://localhost:3000" },
      retentionYears: 7,
      acceptanceSweepIntervalMs: 300_000,
      cluster: null,
    });
  });

  test("REDIS_URL turns on cluster mode, which requires PostgreSQL and Meilisearch and names what is missing", () => {
    const cluster = { REDIS_URL: "redis://:s3cret@127.0.0.1:6379/0", DATABASE_URL: "postgres://db/precedent", MEILI_HOST: "http://127.0.0.1:7700" };
    expect(loadConfig(cluster).cluster).toEqual({ redisUrl: "redis://:s3cret@127.0.0.1:6379/0" });
    expect(loadConfig({ ...cluster, REDIS_URL: "rediss://redis.internal" }).cluster).toEqual({ redisUrl: "rediss://redis.internal" });
    expect(problemsOf({ REDIS_URL: cluster.REDIS_URL })).toEqual([
      expect.stringMatching(/^DATABASE_URL: REDIS_URL is set \(cluster mode\), so a postgres:\/\/ URL is required/),
      expect.stringMatching(/^MEILI_HOST: REDIS_URL is set/),
    ]);
    expect(problemsOf({ ...cluster, DATABASE_URL: "memory://" })).toEqual([expect.stringMatching(/^DATABASE_URL:/)]);
    expect(problemsOf({ ...cluster, MEILI_HOST: "" })).toEqual([expect.stringMatching(/^MEILI_HOST:/)]);
    for (const bad of ["http://127.0.0.1:6379", "127.0.0.1:6379", "redis://"]) {
      const problems = problemsOf({ ...cluster, REDIS_URL: bad });
      expect(problems, bad).toEqual([expect.stringMatching(/^REDIS_URL=\(not shown\): must be a redis:\/\/ or rediss:\/\/ URL/)]);
    }
    expect(problemsOf({ ...cluster, REDIS_URL: "redis//:s3cret@x" }).join("\n")).not.toContain("s3cret");
  });

  test("checks SMTP_URL and MAIL_FROM at start, without echoing the SMTP password", () => {
    const problems = problemsOf({ SMTP_URL: "mail.example.com:587?pass=hunter22", MAIL_FROM: "not an address" });
    expect(problems).toEqual([
      expect.stringMatching(/^SMTP_URL=\(not shown\): must be an smtp:\/\/ or smtps:\/\/ URL/),
      expect.stringMatching(/^MAIL_FROM="not an address": must be an email address/),
    ]);
    expect(problems.join("\n")).not.toContain("hunter22");
    expect(problemsOf({ SMTP_URL: "http://mail.example.com" })).toHaveLength(1);
    expect(loadConfig({ SMTP_URL: "smtps://u:p@mail.example.com:465", MAIL_FROM: "Firm <kb@firm.example>", APP_ORIGIN: "https://kb.firm.example" }).mail).toEqual({
      smtpUrl: "smtps://u:p@mail.example.com:465",
      from: "Firm <kb@firm.example>",
      appUrl: "https://kb.firm.example",
    });
  });

  test("RETENTION_YEARS is a whole number of years from 1 to 100", () => {
    expect(loadConfig({ RETENTION_YEARS: "10" }).retentionYears).toBe(10);
    expect(loadConfig({ RETENTION_YEARS: " " }).retentionYears).toBe(7);
    expect(loadConfig({ ACCEPTANCE_SWEEP_INTERVAL_MS: "1000" }).acceptanceSweepIntervalMs).toBe(1000);
    expect(() => loadConfig({ ACCEPTANCE_SWEEP_INTERVAL_MS: "soon" })).toThrow(/ACCEPTANCE_SWEEP_INTERVAL_MS/);
    for (const bad of ["0", "-1", "7.5", "seven", "101"]) {
      expect(problemsOf({ RETENTION_YEARS: bad }), bad).toEqual([expect.stringMatching(/^RETENTION_YEARS=/)]);
    }
  });

  test("treats empty and blank variables as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "  ", APP_ORIGIN: "", SESSION_SECRET: "" })).toMatchObject({
      port: 3000,
      database: { kind: "pglite" },
      appOrigin: undefined,
    });
  });

  test("uses PostgreSQL when DATABASE_URL is a postgres URL", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://u:p@db:5432/precedent" }).database).toEqual({
      kind: "postgres",
      url: "postgres://u:p@db:5432/precedent",
    });
    expect(loadConfig({ DATABASE_URL: "postgresql://db/precedent" }).database.kind).toBe("postgres");
  });

  test("memory:// is an in-memory embedded database", () => {
    expect(loadConfig({ DATABASE_URL: "memory://" }).database).toEqual({ kind: "pglite", dataDir: "memory://" });
  });

  test("keeps data under DATA_DIR", () => {
    const config = loadConfig({ DATA_DIR: "/srv/precedent" });
    expect(config.database).toEqual({ kind: "pglite", dataDir: "/srv/precedent/pg" });
    expect(config.search).toEqual({ kind: "embedded", dataDir: "/srv/precedent/search" });
  });

  test("APP_ORIGIN is reduced to an origin, and https makes cookies Secure", () => {
    const config = loadConfig({ APP_ORIGIN: "https://precedent.example.com/some/path?x=1" });
    expect(config.appOrigin).toBe("https://precedent.example.com");
    expect(config.secureCookies).toBe(true);
    expect(loadConfig({ APP_ORIGIN: "http://intranet:8080" }).secureCookies).toBe(false);
  });

  test("TRUST_PROXY: unset trusts no proxy; hops, addresses and ranges are taken; anything else is refused by name", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8,::1" }).trustProxy).toEqual(["loopback", "10.0.0.0/8", "::1"]);
    for (const bad of ["0", "11", "yes", "10.0.0.0/33", "300.1.1.1", "loopback,,nope"]) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });

  test("MEILI_HOST switches search to Meilisearch", () => {
    expect(loadConfig({ MEILI_HOST: "http://127.0.0.1:7700", MEILI_API_KEY: "k" }).search).toEqual({
      kind: "meilisearch",
      host: "http://127.0.0.1:7700",
      apiKey: "k",
    });
  });

  test("reads PORT, HOST, SEED_DEMO, LOG_LEVEL and NODE_ENV", () => {
    expect(
      loadConfig({ PORT: "8080", HOST: "127.0.0.1", SEED_DEMO: "false", LOG_LEVEL: "warn", NODE_ENV: "production" }),
    ).toMatchObject({ port: 8080, host: "127.0.0.1", seedDemo: false, logLevel: "warn", env: "production" });
    expect(loadConfig({ PORT: "0" }).port).toBe(0);
  });

  test.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "-1"],
    ["PORT", "80.5"],
    ["DATABASE_URL", "mysql://db/precedent"],
    ["DATABASE_URL", "./data/pg"],
    ["DATABASE_URL", "postgres://"],
    ["SESSION_SECRET", "too-short"],
    ["APP_ORIGIN", "precedent.example.com"],
    ["MEILI_HOST", "not a url"],
    ["SEED_DEMO", "yes"],
    ["LOG_LEVEL", "verbose"],
    ["NODE_ENV", "staging"],
  ])("refuses %s=%s with a ConfigError naming the variable", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${name}=${JSON.stringify(value)}`);
  });

  test("says why SESSION_SECRET was refused", () => {
    expect(problemsOf({ SESSION_SECRET: "x".repeat(31) })[0]).toContain("at least 32 characters");
    expect(loadConfig({ SESSION_SECRET: "x".repeat(32) })).toBeTruthy();
  });

  test("names every bad variable at once, in the message too", () => {
    const problems = problemsOf({ PORT: "abc", DATABASE_URL: "mysql://x", SESSION_SECRET: "short" });
    expect(problems.map((p) => p.split("=")[0]).sort()).toEqual(["DATABASE_URL", "PORT", "SESSION_SECRET"]);
    try {
      loadConfig({ PORT: "abc", DATABASE_URL: "mysql://x" });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT=.*\n.*DATABASE_URL=|DATABASE_URL=.*\n.*PORT=/);
    }
  });
});
