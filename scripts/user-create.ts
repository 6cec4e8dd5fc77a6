// npm run user:create -- --email E --password P --role ROLE [--org-id ID | --org NAME | --create-org NAME] [--name NAME]
//
// Creates a user, or resets an existing user's password and sets their role in an
// organisation (which ends all of that user's sessions). Works on the database the server
// uses (DATA_DIR / DATABASE_URL), applying pending migrations first.
//
// Exit codes: 0 done · 2 bad input (nothing changed) · 75 the embedded database is in use by
// another process (nothing changed) · 78 bad environment · 1 anything else.
import { parseArgs } from "node:util";
import { z } from "zod";
import type { OrganizationChoice } from "../server/auth/members.ts";
import type { OrganizationSummary } from "../server/auth/organizations.ts";
import { EmailSchema, NewPasswordSchema, RoleSchema } from "../server/auth/schema.ts";
import { AppError } from "../server/errors.ts";
import { createLogger } from "../server/logger.ts";
import { fail, loadConfigOrExit, openServicesOrExit, runMain } from "./cli.ts";

const USAGE = `usage: npm run user:create -- --email EMAIL --password PASSWORD --role ROLE
                            [--org-id ID | --org NAME | --create-org NAME] [--name NAME]

  --email       the user's email address (an existing user is updated)
  --password    their new password (at least 10 characters)
  --role        ADMIN, EDITOR or VIEWER (provider staff) or CLIENT (a client's in-house team)
  --org-id      the organisation, by id (the Admin page and GET /api/v1/organizations show ids)
  --org         the organisation, by name: only when exactly one organisation has that name
  --create-org  create a new client organisation with this name (even if one has it already)
              A CLIENT needs one of the three. Default for provider roles: the first provider
              organisation.
  --name        display name for a new user (default: the part of the email before @)

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
  "org-id": z.string().trim().min(1, "The organisation id is empty.").max(64, "That is not an organisation's id.").optional(),
  org: z.string().trim().min(1, "The organisation name is empty.").max(120, "The organisation name is too long.").optional(),
  "create-org": z.string().trim().min(1, "The organisation name is empty.").max(120, "The organisation name is too long.").optional(),
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
        "org-id": { type: "string" },
        org: { type: "string" },
        "create-org": { type: "string" },
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
  const chosen = [input["org-id"], input.org, input["create-org"]].filter((v) => v !== undefined);
  if (chosen.length > 1) fail(2, "Nothing was changed: give one of --org-id, --org and --create-org.");
  if (input.role === "CLIENT" && chosen.length === 0) {
    fail(2, "Nothing was changed: a CLIENT user belongs to a client organisation: choose it with --org-id ID or --org NAME, or create one with --create-org NAME.");
  }
  if (input["create-org"] !== undefined && input.role !== "CLIENT") {
    fail(2, "Nothing was changed: --create-org creates a client organisation, whose members are CLIENTs.");
  }
  return input;
}

function organizationChoice(input: ReturnType<typeof parseInput>): OrganizationChoice | undefined {
  if (input["org-id"] !== undefined) return { id: input["org-id"] };
  if (input.org !== undefined) return { name: input.org };
  if (input["create-org"] !== undefined) return { create: { name: input["create-org"], kind: "CLIENT" } };
  return undefined;
}

/** What an operator needs to tell organisations of one name apart, one line each. */
function describeCandidates(candidates: OrganizationSummary[]): string {
  return candidates
    .map((c) => {
      const members = `${c.memberCount} member${c.memberCount === 1 ? "" : "s"}`;
      const mandates = `${c.mandateCount} mandate${c.mandateCount === 1 ? "" : "s"}`;
      return `  --org-id ${c.id}  ${c.name} (${c.slug}, ${c.kind.toLowerCase()}): ${members}, ${mandates}, created ${new Date(c.createdAt).toISOString().slice(0, 10)}`;
    })
    .join("\n");
}

async function main() {
  const input = parseInput(process.argv.slice(2));

  const config = loadConfigOrExit();
  const where = config.database.kind === "pglite" ? `embedded database in ${config.database.dataDir}` : "PostgreSQL (DATABASE_URL)";
  const { db, services, close } = await openServicesOrExit(config, createLogger("warn"));

  let code = 0;
  try {
    if (db.appliedMigrations.length) console.log(`Applied migrations: ${db.appliedMigrations.join(", ")}`);
    const before = await db.prisma.user.findUnique({ where: { email: input.email } });
    const { user, organization } = await services.auth.upsertUser({
      email: input.email,
      password: input.password,
      role: input.role,
      organization: organizationChoice(input),
      name: input.name,
    });
    const membership = `${input.role} in ${organization.name} (${organization.kind.toLowerCase()} organisation, id ${organization.id})`;
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
    if (error instanceof AppError && error.code === "organization_not_found" && input.org !== undefined) {
      console.error(`Nothing was changed: ${error.message}\n--create-org ${JSON.stringify(input.org)} creates a new client organisation with that name.`);
      code = 2;
    } else if (error instanceof AppError && error.code === "organization_name_ambiguous") {
      const candidates = (error.details?.candidates ?? []) as OrganizationSummary[];
      console.error(`Nothing was changed: ${error.message}\n${describeCandidates(candidates)}`);
      code = 2;
    } else if (error instanceof AppError && error.status < 500) {
      console.error(`Nothing was changed: ${error.message}`);
      code = 2;
    } else {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      code = 1;
    }
  } finally {
    await close();
  }
  process.exit(code);
}

runMain(main);
