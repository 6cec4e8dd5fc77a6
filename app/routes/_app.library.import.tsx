import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { LibraryUpload } from "~/components/library/library-upload";
import { forbiddenResponse, requireViewer } from "~/utils/auth.server";
import libraryStylesHref from "~/styles/library.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: libraryStylesHref }];

export const meta: MetaFunction = () => [{ title: "Import files · Library · Precedent" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  if (!context.services.documents.canCreate(viewer)) forbiddenResponse("Only editors and admins can import documents.");
  return { limits: context.services.library.uploadLimits };
}

export default function ImportFiles() {
  const { limits } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/library">Library</Link>
      </p>
      <h1>Import files</h1>
      <section className="card narrow">
        <p>
          Markdown files with front matter (as exported from the library) update the documents with the same slug (without one, the file name gives it). Word files become new documents named after
          the file, with their headings, numbered clauses, lists, tables, bold and italic; anything a document cannot hold (images, comments, tracked changes…) is
          listed after the import.
        </p>
        <LibraryUpload limits={limits} />
      </section>
    </>
  );
}
