import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getViewer } from "~/utils/auth.server";

export async function loader({ context }: LoaderFunctionArgs) {
  throw redirect(getViewer(context) ? "/library" : "/login");
}
