import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { enqueueInvitationEmail, type InvitationMail } from "../notifications/index.ts";
import { createApiTokenStore, type ApiTokenStore } from "./api-token.ts";
import { createApiTokenCommands } from "./api-tokens.ts";
import { createAccountCommands } from "./account.ts";
import { createLoginThrottle, type LoginLimits, type LoginThrottle, type LoginThrottleStore } from "./login-throttle.ts";
import { createMemberCommands } from "./members.ts";
import { createOrganizationCommands } from "./organizations.ts";
import { createSessionStore, type SessionStore } from "./session.ts";
import { createSignInCommands } from "./sign-in.ts";

export type { Authenticated } from "./sign-in.ts";

/**
 * The auth domain: who someone is (sign-in, sessions, API tokens) and where they belong
 * (organisations, members, invitations). Split by idea as the mandates service is:
 * sign-in.ts (sessions and sign-in), account.ts (one's own password and sessions), api-tokens.ts (a user's API tokens), members.ts (members
 * and invitations, the operators' user create/reset), organizations.ts (organisations). Each
 * part gets the same deps; the service is one object, so callers see one API.
 */

/** Credentials stopped being valid: whatever they opened (sync sockets) must close too. */
export type CredentialsEnded = (ended: { userIds?: string[]; sessionIds?: string[]; apiTokenIds?: string[] }) => void;

/** What every part of the auth service is built from. */
export type AuthDeps = {
  db: Db;
  now: () => number;
  sessions: SessionStore;
  apiTokens: ApiTokenStore;
  onCredentialsEnded?: CredentialsEnded;
  /**
   * Counts password guesses (docs/decisions/004): sign-in and a password change share it, so a
   * guess counts the same wherever it is made. Its counts live in this process's memory, or in
   * Redis in cluster mode (ADR 026).
   */
  loginThrottle: LoginThrottle;
  /**
   * Ends everything a user is signed in with — every session and every API token — and closes
   * their open sockets: sign-out-everywhere and an operator's password reset (user:create).
   */
  endUserCredentials(userId: string): Promise<{ sessions: number; apiTokens: number }>;
  /** Queues the invitation's mail in the transaction that creates it; absent without a config (scripts, some tests). */
  sendInvitation?: (tx: Prisma.TransactionClient, invitation: InvitationMail) => Promise<unknown>;
};

export function createAuthService({
  db,
  config,
  now = Date.now,
  onCredentialsEnded,
  loginLimits,
  loginStore,
}: {
  db: Db;
  config?: Config;
  now?: () => number;
  /** Called when credentials ended (sessions, API tokens, a user's access), so open sockets close too (collab revoke). */
  onCredentialsEnded?: CredentialsEnded;
  /** Sign-in limits (default: server/config.ts); tests lower them. */
  loginLimits?: LoginLimits;
  /** Shared sign-in counts (cluster mode); default: this process's memory. */
  loginStore?: LoginThrottleStore;
}) {
  const sessions = createSessionStore(db, now);
  const apiTokens = createApiTokenStore(db, now);
  async function endUserCredentials(userId: string) {
    const [sessionCount, tokenIds] = await Promise.all([sessions.invalidateUserSessions(userId), apiTokens.revokeUserApiTokens(userId)]);
    onCredentialsEnded?.({ userIds: [userId] });
    return { sessions: sessionCount, apiTokens: tokenIds.length };
  }
  const sendInvitation = config ? (tx: Prisma.TransactionClient, invitation: InvitationMail) => enqueueInvitationEmail(tx, invitation, config.mail) : undefined;
  const loginThrottle = createLoginThrottle(loginLimits, loginStore);
  const deps: AuthDeps = { db, now, sessions, apiTokens, onCredentialsEnded, loginThrottle, endUserCredentials, sendInvitation };

  return {
    sessions,
    apiTokens,
    ...createSignInCommands(deps),
    ...createAccountCommands(deps),
    ...createApiTokenCommands(deps),
    ...createOrganizationCommands(deps),
    ...createMemberCommands(deps),
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
