import { redirect, type ActionFunctionArgs } from "@remix-run/node";

/** POST only: signing out is a state change, so it goes through the Origin check. */
export async function loader() {
  throw redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = context.state.auth;
  const form = await request.formData();
  if (auth) {
    if (form.get("scope") === "everywhere") await context.services.auth.logoutEverywhere(auth.viewer);
    else await context.services.auth.logout(auth);
  }
  throw redirect("/login", { headers: { "Set-Cookie": context.cookies.clearSession() } });
}
