/**
 * What the first start prints: the demo admin's sign-in, shown once, and how to change it: on
 * the Account page while the server runs. For a forgotten password, `user:create` resets one,
 * but on the embedded database it refuses while the server runs (one process per data folder),
 * so the banner says to stop the server first there.
 */
export function firstStartBanner({ email, password, database }: { email: string; password: string; database: "pglite" | "postgres" }) {
  const reset = `npm run user:create -- --email ${email} --password '<new password>' --role ADMIN`;
  return [
    "",
    "  First start: created the demo organisation and its admin.",
    `  Sign in with   email: ${email}`,
    `                 password: ${password}`,
    "  This password is shown once.",
    "  To change it: sign in, open the account menu (top right) → Account → Change password.",
    database === "pglite"
      ? `  Forgotten it? Stop the server, run \`${reset}\`, and start it again.`
      : `  Forgotten it? Run beside the server: \`${reset}\``,
    "",
  ].join("\n");
}
