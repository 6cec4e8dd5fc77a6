import * as DropdownMenu from "@radix-ui/react-dropdown-menu";

/**
 * A document's downloads behind one "Download" button: plain links to the export API (not
 * client routes), for anyone who can read it.
 */
export function DocumentDownloads({ documentId }: { documentId: string }) {
  const href = (format: "docx" | "html" | "md") => `/api/v1/documents/${encodeURIComponent(documentId)}/export?format=${format}`;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="button small">
        Download <span aria-hidden="true">▾</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.Item className="menu-item" asChild>
            <a href={href("docx")} download>
              Word (.docx)
            </a>
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" asChild>
            <a href={href("html")} target="_blank" rel="noopener noreferrer">
              Print or save as PDF
            </a>
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" asChild>
            <a href={href("md")} download>
              Markdown
            </a>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
