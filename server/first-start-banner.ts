/**
 * What the first start prints: the demo admin's sign-in, shown once, and how to change it. No
 * page changes a password yet; `user:create` resets one, but on the embedded database it refuses
 * while the server runs (one process per data folder), so the banner says to stop the server
 * first there, and offers what works meanwhile: inviting a named admin from the Admin page.
 */
export function firstStartBanner({ email, password, database }: { email: string; password: string; database: "pglite" | "postgres" }) {
  const reset = `npm run user:create -- --email ${email} --password '<new password>' --role ADMIN`;
  return [
    "",
    "  First start: created the demo organisation and its admin.",
    `  Sign in with   email: ${email}`,
    `                 password: ${password}`,
    "  This password is shown once.",
    "  While the server runs: sign in, open Admin and invite yourself (Invite someone, role Admin);",
    "  the invitation link lets you choose your own password.",
    database === "pglite"
      ? `  To change this password: stop the server, run \`${reset}\`, and start it again.`
      : `  To change this password, run beside the server: \`${reset}\``,
    "",
  ].join("\n");
}
