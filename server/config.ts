import net from "node:net";
import path from "node:path";
import { z } from "zod";

/** Limits live here, named, so they can be found and argued about in one place. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;
/** Objects and arrays nested in a JSON body: a document's nodes take two levels each (node, content). */
export const JSON_BODY_MAX_DEPTH = 256;
export const FORM_BODY_LIMIT_BYTES = 1024 * 1024;
/** Responses smaller than this (by Content-Length) go out uncompressed: the coding would cost more than it saves. */
export const COMPRESS_MIN_BYTES = 1024;
/** Brotli quality for responses compressed per request: 4 is near gzip's speed and still smaller (static assets get 11 at build time). */
export const COMPRESS_BROTLI_QUALITY = 4;
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** A session used within this much of its expiry is extended by a full TTL (sliding expiry). */
export const SESSION_RENEW_WINDOW_MS = 15 * 24 * 60 * 60 * 1000;
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * Failed sign-ins (docs/decisions/004-login-rate-limits.md): per account from one address (an
 * attacker elsewhere cannot lock the owner out), per address over every account, and a looser
 * limit per account over every address that addresses the account signed in from lately pass.
 * A successful sign-in counts against none of them.
 */
export const LOGIN_LIMIT_PER_ACCOUNT = { max: 5, windowMs: 15 * 60 * 1000 };
export const LOGIN_LIMIT_PER_IP = { max: 20, windowMs: 15 * 60 * 1000 };
export const LOGIN_LIMIT_PER_ACCOUNT_ALL_ADDRESSES = { max: 100, windowMs: 15 * 60 * 1000 };
/** An address an account signed in from stays known (passes the all-addresses limit) this long… */
export const LOGIN_KNOWN_ADDRESS_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** …and an account remembers at most this many such addresses (the oldest go first). */
export const LOGIN_KNOWN_ADDRESSES_PER_ACCOUNT = 20;
export const API_TOKENS_PER_USER = 50;
/** An API token may be given a lifetime of 1 to this many days (or none: until revoked). */
export const API_TOKEN_MAX_LIFETIME_DAYS = 365;
/** One organisation's page (GET /organizations/:id) lists this many of its newest mandates. */
export const ORGANIZATION_MANDATES_MAX = 200;
/** The Admin page's list of client organisations shows this many members and mandates of each. */
export const ORGANIZATION_LIST_PEOPLE_MAX = 50;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** Documents (docs/decisions/006-document-limits-and-history.md). */
export const DOCUMENT_TITLE_MAX_LENGTH = 200;
export const DOCUMENT_SUMMARY_MAX_LENGTH = 2000;
export const DOCUMENT_PRACTICE_AREA_MAX_LENGTH = 80;
export const DOCUMENT_JURISDICTIONS_MAX = 20;
export const DOCUMENT_JURISDICTION_MAX_LENGTH = 60;
export const DOCUMENT_TAGS_MAX = 20;
export const DOCUMENT_TAG_MAX_LENGTH = 40;
/** Client organisations one document may be shared with. */
export const DOCUMENT_SHARES_MAX = 50;
/** Initial content sent with a create, as Markdown (characters) or ProseMirror JSON (serialised bytes). */
export const DOCUMENT_INITIAL_CONTENT_MAX_LENGTH = 512 * 1024;
/**
 * How deep a document's nodes may nest (doc → list → item → list …; 20 levels of nested lists
 * use about 42). Checked without recursion before anything walks the tree recursively.
 */
export const MAX_DOCUMENT_DEPTH = 100;
export const DOCUMENT_LIST_PAGE_SIZE = 25;
export const DOCUMENT_LIST_PAGE_SIZE_MAX = 100;
export const DOCUMENT_SEARCH_QUERY_MAX_LENGTH = 200;
export const TOOLKIT_ITEMS_MAX = 200;
/** Library metadata from a file's front matter (playbooks/, docs/design/library-and-collab.md). */
export const DOCUMENT_SLUG_MAX_LENGTH = 80;
export const DOCUMENT_OWNER_ROLE_MAX_LENGTH = 80;
export const DOCUMENT_REVIEW_INTERVAL_MONTHS_MAX = 60;
/** A Word file to import, as uploaded (docs/decisions/011-library-files.md, addendum). */
export const LIBRARY_DOCX_MAX_BYTES = 10 * 1024 * 1024;
/** The same file unzipped, counted as it inflates (never as its zip directory declares): a guard against zip bombs. */
export const LIBRARY_DOCX_MAX_UNZIPPED_BYTES = 100 * 1024 * 1024;
/** One upload from the library's import page: files, and bytes in all (each file also within its own limit). */
export const LIBRARY_UPLOAD_MAX_FILES = 50;
export const LIBRARY_UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
export const VERSION_NAME_MAX_LENGTH = 120;
export const VERSIONS_LIST_MAX = 500;
/** Each side of a diff, in characters of plain text: beyond it the word-level diff is refused. */
export const DIFF_MAX_TEXT_LENGTH = 300_000;
/** Unchanged blocks a diff may show around each change (beyond it: ask for the whole document). */
export const DIFF_CONTEXT_MAX = 50;
/** The publishing workflow (docs/decisions/012-publishing-workflow.md). */
export const REVIEWERS_MAX = 10;
/** A review request's message, a reviewer's comment, an admin's override reason. */
export const REVIEW_TEXT_MAX_LENGTH = 2_000;
/** Promote to precedent: identifying terms one request may replace, and the length of a term or its replacement. */
/** Comments (ADR 031): one comment's text, the quoted text kept with a thread, threads listed per document, people mentioned per comment. */
export const COMMENT_BODY_MAX_LENGTH = 10_000;
export const COMMENT_QUOTE_MAX_LENGTH = 1_000;
export const COMMENT_THREADS_PER_DOCUMENT_MAX = 1_000;
export const COMMENT_MENTIONS_MAX = 20;
/** Encoded Yjs relative positions are a few dozen bytes; anything longer is not one. */
export const COMMENT_ANCHOR_MAX_LENGTH = 200;
/** People offered by the @mention picker at once. */
export const COMMENT_MENTION_CANDIDATES_MAX = 50;
/**
 * "Comments changed" event streams (server/comments/event-streams.ts) for readers without a sync
 * socket: open per user and per document on one process, and a comment line this often so that
 * proxies and browsers keep an idle stream open (many close one silent for 30-60 s).
 */
export const COMMENT_STREAMS_MAX_PER_USER = 10;
export const COMMENT_STREAMS_MAX_PER_DOCUMENT = 200;
export const COMMENT_STREAM_HEARTBEAT_MS = 25_000;
/** How long a browser waits before reopening a stream that ended (the SSE `retry:` field). */
export const COMMENT_STREAM_RETRY_MS = 3_000;
export const PROMOTION_TERMS_MAX = 500;
export const PROMOTION_TERM_MAX_LENGTH = 200;
/** Extra counterparty names a preview may be asked to look for. */
export const PROMOTION_COUNTERPARTIES_MAX = 20;
/** An effective date may be chosen this many years before or after the publication. */
export const EFFECTIVE_DATE_MAX_YEARS = 10;
/**
 * How often the server looks for scheduled publications that took effect (ADR 017), besides once
 * at start: readers see a new version in force at most this long after its effective date begins.
 */
export const IN_FORCE_SWEEP_INTERVAL_MS = 60_000;
/** "Due soon": a review due within this many days; the due list looks up to REVIEWS_DUE_WITHIN_DAYS_MAX ahead. */
export const REVIEWS_DUE_SOON_DAYS = 30;
export const REVIEWS_DUE_WITHIN_DAYS_MAX = 366;

/** Client confidentiality (server/access, ADR 013): ethical walls and the break-glass step. */
/** How long a break-glass grant opens a client's material to an admin. */
export const BREAK_GLASS_HOURS = 4;
/** A break-glass reason must say something: at least this many characters. */
export const BREAK_GLASS_REASON_MIN_LENGTH = 10;
/** A wall's reason, a lift's reason, a break-glass reason. */
export const ACCESS_REASON_MAX_LENGTH = 2_000;

/** Search (server/search, both engines). */
/** Hits one search page may ask for. */
export const SEARCH_PAGE_SIZE_MAX = 100;
/** A body snippet: about this many characters around the first match. */
export const SEARCH_SNIPPET_MAX_CHARS = 240;
/** Words at least this long tolerate one typo (shorter words, such as "nda" or "lol", must be exact). Both engines. */
export const SEARCH_FUZZY_MIN_TERM_LENGTH = 4;
/** Words at least this long tolerate two typos. Both engines. */
export const SEARCH_FUZZY_TWO_TYPOS_MIN_LENGTH = 8;
/** The last word is searched as a prefix (search-as-you-type) from this many characters. */
export const SEARCH_PREFIX_MIN_LENGTH = 2;
/** Values returned per facet. */
export const SEARCH_FACET_VALUES_MAX = 100;
/** The embedded index is written to the data folder this long after the last change (and on close). */
export const SEARCH_PERSIST_DEBOUNCE_MS = 2000;
/** …but never later than this after the first unsaved change, so continuous typing still saves (ADR 024). */
export const SEARCH_PERSIST_MAX_WAIT_MS = 10_000;
/** Re-index requests (the SearchOutbox table) claimed per indexer batch: one engine write each. */
export const SEARCH_OUTBOX_BATCH = 100;
/** A drainer's claim on outbox rows; a process that died holding one leaves them to others after this. */
export const SEARCH_OUTBOX_CLAIM_MS = 60_000;
/** The lease of the process rebuilding a shared (Meilisearch) index, renewed while it works. */
export const SEARCH_REBUILD_LEASE_MS = 30_000;
/** How long a Meilisearch write (task) may take before the call fails. */
export const SEARCH_MEILI_TASK_TIMEOUT_MS = 60_000;

/** KPIs (server/kpis, docs/decisions/010-kpis.md). */
/** The portfolio dashboard's range when none is asked for: this many calendar months, the current one included. */
export const KPI_DEFAULT_RANGE_MONTHS = 12;
/** The longest range one portfolio request may cover (5 years), so one request cannot load the whole history. */
export const KPI_RANGE_MAX_DAYS = 5 * 366;
/** Playbooks listed as most used. */
export const KPI_MOST_USED_PLAYBOOKS = 10;

/** The access record (server/access-record). */
/** The access report's range when none is asked for: this many days, today included. */
export const ACCESS_REPORT_DEFAULT_DAYS = 30;
/** The longest range one access report may cover, so one request cannot read the whole record. */
export const ACCESS_REPORT_MAX_DAYS = 366;

/** Notifications and mail (server/notifications, docs/decisions/019-notifications-and-email-outbox.md). */
/** The mail worker looks for mail to send this often (and once at start). */
export const MAIL_DELIVERY_INTERVAL_MS = 10_000;
/** Mails one pass sends, so one pass never holds the SMTP connection for long. */
export const MAIL_BATCH_SIZE = 20;
/** A mail that failed this many times is FAILED and left for an admin to look at. */
export const MAIL_MAX_ATTEMPTS = 6;
/** The wait after a failed attempt: this, doubled after each further failure (1, 2, 4, 8, 16 minutes). */
export const MAIL_RETRY_BASE_MS = 60_000;
/** A worker that claimed a mail owns it this long; a worker that died mid-send leaves it to another after it. */
export const MAIL_CLAIM_MS = 2 * 60_000;
/** One SMTP conversation may take this long before it counts as a failed attempt. */
export const MAIL_SMTP_TIMEOUT_MS = 30_000;
/** Due reviews are looked for this often (and once at start). */
export const REVIEW_DUE_SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** Playbooks' review triggers are judged against their outcomes this often (and once at start; ADR 037). */
export const REVIEW_TRIGGER_CHECK_INTERVAL_MS = 60 * 60 * 1000;
/** The inbox lists this many of one person's newest notifications. */
export const NOTIFICATIONS_LIST_MAX = 100;
/** Retention (server/retention, docs/decisions/021-retention-trash-and-legal-hold.md). */
/** A deleted document stays in the trash, restorable, this many days; the purge removes it after (unless retained or held). */
export const TRASH_DAYS = 30;
/** How often the server purges the trash. */
export const RETENTION_PURGE_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** How often deliveries past their deemed-acceptance deadline are accepted (ADR 042); ACCEPTANCE_SWEEP_INTERVAL_MS overrides it (tests use a second). */
export const ACCEPTANCE_SWEEP_INTERVAL_MS = 5 * 60 * 1000;
/** The shortest and longest retention period RETENTION_YEARS may set. */
export const RETENTION_YEARS_MIN = 1;
export const RETENTION_YEARS_MAX = 100;

/** Database (server/db). */
/**
 * PGlite has no autovacuum, so nothing refreshes the planner's statistics unless we do: the server
 * runs ANALYZE at start and again this often (ADR 010 addendum). A quick sampling pass (~0.5 s at
 * 50,000 deliverables); PostgreSQL analyses by itself and ignores it.
 */
export const DB_ANALYZE_INTERVAL_MS = 60 * 60 * 1000;

/** Health (server/health, ADR 025). */
/** /healthz writes its probe row at most this often, and answers from the last result in between. */
export const HEALTH_WRITE_PROBE_INTERVAL_MS = 5_000;
/** A health or readiness check of one part that takes longer than this counts as failed. */
export const HEALTH_CHECK_TIMEOUT_MS = 3_000;

/** Real-time editing (server/collab, docs/design/library-and-collab.md). */
/** One y-websocket frame; larger ones close the socket with 4413. */
export const COLLAB_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** A document's Yjs state (compacted state plus its update log); an update beyond it closes with 4413. */
export const COLLAB_MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;
export const COLLAB_MAX_CONNECTIONS_PER_DOCUMENT = 100;
export const COLLAB_MAX_CONNECTIONS_PER_USER = 20;
/** Frames a socket may send while its document is still loading; beyond them it closes with 4413. */
export const COLLAB_MAX_PENDING_MESSAGE_BYTES = 8 * 1024 * 1024;
/**
 * What one socket may send per window: frames and bytes. Typing sends a frame or two per
 * keystroke (an update and a cursor move; an estimate, not measured); beyond the limit the socket
 * closes with 4508 and the client reconnects and resyncs, so nothing typed is lost (ADR 007 addendum).
 */
export const COLLAB_RATE_WINDOW_MS = 10_000;
export const COLLAB_MAX_MESSAGES_PER_WINDOW = 1_000;
export const COLLAB_MAX_BYTES_PER_WINDOW = 64 * 1024 * 1024;
/**
 * Connections the kernel may queue before the server accepts them (listen's backlog; Linux caps it
 * at net.core.somaxconn). With Node's default, 511, a storm of 1,000 sockets reconnecting at once
 * (a restart) overflowed the queue, and each dropped connection was retried by its client only a
 * second later (ADR 007, "Storms and the listen queue").
 */
export const HTTP_LISTEN_BACKLOG = 4096;
/** One client's awareness state (cursor, name, colour) as JSON. */
export const COLLAB_MAX_AWARENESS_STATE_BYTES = 4 * 1024;
/** The name shown beside a collaborator's cursor (taken from their account, cut to this length). */
export const COLLAB_AWARENESS_NAME_MAX_LENGTH = 120;
/**
 * Derived content (JSON, text, sections) is written this long after the last change… Search
 * reads the derived text, and an edit must be findable within 2 seconds even on a busy machine.
 */
export const COLLAB_DERIVE_DEBOUNCE_MS = 500;
/** …and at least this often while changes keep coming. */
export const COLLAB_DERIVE_MAX_WAIT_MS = 10_000;
/** The update log is merged into Document.ydocState after this many appended updates. */
export const COLLAB_COMPACT_AFTER_UPDATES = 500;
/** A room with no connections is flushed and unloaded after this long. */
export const COLLAB_ROOM_IDLE_MS = 30_000;
/** Sockets are pinged this often; one that did not answer the previous ping is terminated. */
export const COLLAB_PING_INTERVAL_MS = 30_000;

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Express's own names for address ranges, accepted in TRUST_PROXY beside IPs and CIDRs. */
const PROXY_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);
const isIpOrCidr = (v: string) => {
  const [ip, bits, ...rest] = v.split("/");
  const version = net.isIP(ip ?? "");
  if (!version || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
};

/**
 * Which proxies' X-Forwarded-For / -Proto to believe: none (unset), a number of hops in front of
 * the app, or the proxies' addresses (IPs, CIDRs, loopback, linklocal, uniquelocal). Without it,
 * every request behind a proxy has the proxy's address, and the per-IP login limit would throttle
 * everyone together; with a wrong one, a client could pick its own address (ADR 004 addendum).
 */
const TrustProxySchema = z
  .string()
  .trim()
  .transform((v, ctx): number | string[] => {
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops >= 1 && hops <= 10) return hops;
      ctx.addIssue({ code: "custom", message: "a number of proxy hops is 1 to 10" });
      return z.NEVER;
    }
    const entries = v.split(",").map((e) => e.trim()).filter(Boolean);
    const bad = entries.filter((e) => !PROXY_RANGES.has(e) && !isIpOrCidr(e));
    if (!entries.length || bad.length) {
      ctx.addIssue({ code: "custom", message: `give a number of hops, or IPs, CIDRs, loopback, linklocal or uniquelocal (not: ${bad.join(", ") || "nothing"})` });
      return z.NEVER;
    }
    return entries;
  });

/** A Redis server's URL (cluster mode), checked at start; it may carry a password, so it is never echoed. */
const RedisUrlSchema = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === "redis:" || url.protocol === "rediss:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be a redis:// or rediss:// URL with a host (redis://:password@redis.internal:6379/0)");

/** An SMTP server's URL, checked at start so a typo fails the boot rather than every mail. */
const SmtpUrlSchema = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be an smtp:// or smtps:// URL with a host (smtp://user:password@mail.example.com:587)");

const EnvSchema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(["development", "production", "test"]).default("development")),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./data")),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => /^postgres(ql)?:\/\/.+/.test(v) || v === "memory://", {
        message: "must be a postgres:// or postgresql:// URL (or unset for the embedded database)",
      })
      .optional(),
  ),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyToUndefined, z.string().min(1).default("0.0.0.0")),
  /** The public origin (https://precedent.example.com) when behind a proxy; requests must come from it. */
  APP_ORIGIN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .url()
      .transform((v) => new URL(v).origin)
      .optional(),
  ),
  TRUST_PROXY: z.preprocess(emptyToUndefined, TrustProxySchema.optional()),
  /** Not needed for sessions (tokens are random and stored hashed); reserved for signed links. */
  SESSION_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, "must be at least 32 characters").optional()),
  MEILI_HOST: z.preprocess(emptyToUndefined, z.string().url().optional()),
  MEILI_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Cluster mode (ADR 026): several processes share rooms, presence, revocations and limits through this Redis. */
  REDIS_URL: z.preprocess(emptyToUndefined, RedisUrlSchema.optional()),
  /** Whether the first start creates the demo organisation and prints an admin sign-in. */
  SEED_DEMO: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("true")),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(["debug", "info", "warn", "error", "silent"]).default("info")),
  /** Where mail goes (smtp://user:pass@host:587 or smtps://…:465); unset: mail is written to the log. */
  SMTP_URL: z.preprocess(emptyToUndefined, SmtpUrlSchema.optional()),
  /** The sender of every mail: an address, or a name and an address ("Precedent <precedent@firm.example>"). */
  MAIL_FROM: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, "must be an email address, or a name and an address in <>")
      .default("Precedent <precedent@localhost>"),
  ),
  /** Years client material and delivered work are kept after their mandate closes (ADR 021). */
  RETENTION_YEARS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d+$/, "must be a whole number of years")
      .transform(Number)
      .pipe(z.number().min(RETENTION_YEARS_MIN, `must be at least ${RETENTION_YEARS_MIN}`).max(RETENTION_YEARS_MAX, `must be at most ${RETENTION_YEARS_MAX}`))
      .default(7),
  ),
  /** How often the deemed-acceptance sweep runs, in ms (ADR 042). */
  ACCEPTANCE_SWEEP_INTERVAL_MS: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: "must be a number of milliseconds" }).int("must be a whole number of milliseconds").min(100, "must be at least 100").max(86_400_000, "must be at most a day (86400000)").default(ACCEPTANCE_SWEEP_INTERVAL_MS),
  ),
});

export type Config = {
  env: "development" | "production" | "test";
  dataDir: string;
  database: { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };
  port: number;
  host: string;
  appOrigin: string | undefined;
  /** Force Secure cookies (APP_ORIGIN is https); otherwise they are Secure whenever the request came over https. */
  secureCookies: boolean;
  /** Express's "trust proxy": false, a number of hops, or the proxies' addresses (TRUST_PROXY). */
  trustProxy: false | number | string[];
  search: { kind: "embedded"; dataDir: string } | { kind: "meilisearch"; host: string; apiKey: string | undefined };
  seedDemo: boolean;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** Mail: over SMTP when smtpUrl is set, else to the log; links in mail start with appUrl. */
  mail: { smtpUrl: string | undefined; from: string; appUrl: string };
  /** RETENTION_YEARS: how long after a mandate closes its client material and delivered work are kept. */
  retentionYears: number;
  /** ACCEPTANCE_SWEEP_INTERVAL_MS: how often deliveries past their deemed-acceptance deadline are accepted. */
  acceptanceSweepIntervalMs: number;
  /** Cluster mode over Redis (REDIS_URL, ADR 026); null: one process, everything in its memory (on PostgreSQL, one server per database: ADR 025). */
  cluster: { redisUrl: string } | null;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** For entry points (server, scripts, benchmarks): the checked environment, or its problems on stderr and exit 78 (EX_CONFIG). */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(78);
  }
}

/** Reads and checks the environment once, at start. Throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0]);
        // An SMTP URL may carry a password: never echo it into the log.
        const shown = name === "SMTP_URL" || name === "REDIS_URL" ? "(not shown)" : JSON.stringify(env[name]);
        return `${i.path.join(".")}=${shown}: ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  if (e.REDIS_URL) {
    // Processes in a cluster must share one database and one search index: the embedded ones are per process.
    const missing: string[] = [];
    if (!e.DATABASE_URL || e.DATABASE_URL === "memory://") missing.push("DATABASE_URL: REDIS_URL is set (cluster mode), so a postgres:// URL is required");
    if (!e.MEILI_HOST) missing.push("MEILI_HOST: REDIS_URL is set (cluster mode), so Meilisearch is required");
    if (missing.length) throw new ConfigError(missing);
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const secureCookies = e.APP_ORIGIN?.startsWith("https:") ?? false;
  return {
    env: e.NODE_ENV,
    dataDir,
    database: e.DATABASE_URL && e.DATABASE_URL !== "memory://"
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: e.DATABASE_URL === "memory://" ? "memory://" : path.join(dataDir, "pg") },
    port: e.PORT,
    host: e.HOST,
    appOrigin: e.APP_ORIGIN,
    secureCookies,
    trustProxy: e.TRUST_PROXY ?? false,
    search: e.MEILI_HOST
      ? { kind: "meilisearch", host: e.MEILI_HOST, apiKey: e.MEILI_API_KEY }
      : { kind: "embedded", dataDir: path.join(dataDir, "search") },
    seedDemo: e.SEED_DEMO === "true",
    logLevel: e.LOG_LEVEL,
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      // Links in mail must work from the reader's inbox: the public origin, or this server as started.
      appUrl: e.APP_ORIGIN ?? `http://${e.HOST === "0.0.0.0" || e.HOST === "::" ? "localhost" : e.HOST}:${e.PORT}`,
    },
    retentionYears: e.RETENTION_YEARS,
    acceptanceSweepIntervalMs: e.ACCEPTANCE_SWEEP_INTERVAL_MS,
    cluster: e.REDIS_URL ? { redisUrl: e.REDIS_URL } : null,
  };
}
