/** A document's downloads: plain links to the export API (not client routes), for anyone who can read it. */
export function DocumentDownloads({ documentId }: { documentId: string }) {
  const href = (format: "docx" | "html" | "md") => `/api/v1/documents/${encodeURIComponent(documentId)}/export?format=${format}`;
  return (
    <nav className="document-downloads" aria-label="Download this document">
      <span className="hint">Download:</span>
      <a href={href("docx")} download>
        Word (.docx)
      </a>
      <a href={href("html")} target="_blank" rel="noopener noreferrer">
        Print or save as PDF
      </a>
      <a href={href("md")} download>
        Markdown
      </a>
    </nav>
  );
}
