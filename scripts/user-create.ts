// npm run user:create -- --email E --password P --role ROLE [--org NAME] [--name NAME]
//
// Creates a user, or resets an existing user's password and sets their role in an
// organisation (which ends all of that user's sessions). Works on the database the server
// uses (DATA_DIR / DATABASE_URL), applying pending migrations first.
//
// Exit codes: 0 done · 2 bad input (nothing changed) · 75 the embedded database is in use by
// another process (nothing changed) · 78 bad environment · 1 anything else.
import { parseArgs } from "node:util";
import { z } from "zod";
import { createAuthService } from "../server/auth/service.ts";
import { EmailSchema, NewPasswordSchema, RoleSchema } from "../server/auth/schema.ts";
import { AppError } from "../server/errors.ts";
import { fail, loadConfigOrExit, openDatabaseOrExit, runMain } from "./cli.ts";

const USAGE = `usage: npm run user:create -- --email EMAIL --password PASSWORD --role ROLE [--org NAME] [--name NAME]

  --email     the user's email address (an existing user is updated)
  --password  their new password (at least 10 characters)
  --role      ADMIN, EDITOR or VIEWER (provider staff) or CLIENT (a client's in-house team)
  --org       the organisation, created if missing; required for CLIENT.
              Default for provider roles: the first provider organisation.
  --name      display name for a new user (default: the part of the email before @)

Run it while the server is stopped when using the embedded database (no DATABASE_URL):
only one process may open a data folder at a time.`;


const ArgsSchema = z.object({
  email: EmailSchema,
  password: NewPasswordSchema,
  role: z
    .string({ error: "Give a role: ADMIN, EDITOR, VIEWER or CLIENT." })
    .trim()
    .toUpperCase()
    .pipe(z.enum(RoleSchema.options, { error: "The role must be ADMIN, EDITOR, VIEWER or CLIENT." })),
  org: z.string().trim().min(1, "The organisation name is empty.").max(200, "The organisation name is too long.").optional(),
  name: z.string().trim().min(1, "The name is empty.").max(120, "Use at most 120 characters for the name.").optional(),
});

function parseInput(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        email: { type: "string" },
        password: { type: "string" },
        role: { type: "string" },
        org: { type: "string" },
        name: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    fail(2, `${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  --${i.path.join(".")}: ${i.message}`);
    fail(2, `Nothing was changed:\n${problems.join("\n")}\n\n${USAGE}`);
  }
  const input = parsed.data;
  if (input.role === "CLIENT" && !input.org) {
    fail(2, "Nothing was changed: a CLIENT user belongs to a client organisation; name it with --org NAME.");
  }
  return input;
}

async function main() {
  const input = parseInput(process.argv.slice(2));

  const config = loadConfigOrExit();
  const where = config.database.kind === "pglite" ? `embedded database in ${config.database.dataDir}` : "PostgreSQL (DATABASE_URL)";
  const db = await openDatabaseOrExit(config);

  let code = 0;
  try {
    if (db.appliedMigrations.length) console.log(`Applied migrations: ${db.appliedMigrations.join(", ")}`);
    const before = await db.prisma.user.findUnique({ where: { email: input.email } });
    const auth = createAuthService({ db: db.prisma, config });
    const { user, organization } = await auth.upsertUser({
      email: input.email,
      password: input.password,
      role: input.role,
      organizationName: input.org,
      name: input.name,
    });
    const membership = `${input.role} in ${organization.name} (${organization.kind.toLowerCase()} organisation)`;
    if (before) {
      console.log(`Updated ${user.email}: new password set, ${membership}. Their existing sessions were signed out.`);
      if (input.name && input.name !== user.name) {
        console.log(`  (--name ignored: ${user.email} already exists as "${user.name}".)`);
      }
    } else {
      console.log(`Created ${user.email} ("${user.name}"): ${membership}.`);
    }
    console.log(`  Database: ${where}`);
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      console.error(`Nothing was changed: ${error.message}`);
      code = 2;
    } else {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      code = 1;
    }
  } finally {
    await db.close();
  }
  process.exit(code);
}

runMain(main);
