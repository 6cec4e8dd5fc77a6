import { useId, useState, type DragEvent, type FormEvent } from "react";
import { Link } from "@remix-run/react";
import type { ImportedFile, ImportSummary } from "../../../server/library/import.ts";

type Limits = { maxFiles: number; maxFileBytes: number; maxTotalBytes: number };
type Phase = { state: "idle" } | { state: "uploading"; percent: number } | { state: "importing" } | { state: "done"; summary: ImportSummary } | { state: "failed"; message: string };

const ACCEPT = ".md,.docx,text/markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const isLibraryFile = (name: string) => /\.(md|docx)$/i.test(name);
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

/** Why a chosen file will not be sent, or undefined: the same rules the server applies, said before the upload. */
function problemOf(file: File, limits: Limits): string | undefined {
  if (!isLibraryFile(file.name)) return "not a library file (.md or .docx)";
  if (file.size > limits.maxFileBytes) return `larger than ${megabytes(limits.maxFileBytes)}`;
  return undefined;
}

/**
 * Drag and drop (or choose) .md and .docx files and import them through the library API
 * (`POST /api/v1/library/import`): a progress bar while the files go up, then the import's
 * summary, file by file. XHR rather than fetch, for upload progress.
 */
export function LibraryUpload({ limits }: { limits: Limits }) {
  const [files, setFiles] = useState<File[]>([]);
  const [kind, setKind] = useState("precedent");
  const [dragging, setDragging] = useState(false);
  const [phase, setPhase] = useState<Phase>({ state: "idle" });
  const inputId = useId();
  const busy = phase.state === "uploading" || phase.state === "importing";

  const add = (chosen: FileList | null) => {
    if (!chosen) return;
    setFiles((current) => [...current, ...Array.from(chosen).filter((f) => !current.some((c) => c.name === f.name && c.size === f.size))]);
    setPhase({ state: "idle" });
  };
  const sendable = files.filter((f) => !problemOf(f, limits));
  const totalBytes = sendable.reduce((n, f) => n + f.size, 0);
  const tooMany = sendable.length > limits.maxFiles;
  const tooBig = totalBytes > limits.maxTotalBytes;

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!sendable.length || tooMany || tooBig || busy) return;
    const form = new FormData();
    form.append("kind", kind);
    for (const file of sendable) form.append("files", file, file.name);
    const request = new XMLHttpRequest();
    request.open("POST", "/api/v1/library/import");
    request.responseType = "json";
    request.upload.onprogress = (e) => e.lengthComputable && setPhase({ state: "uploading", percent: Math.round((e.loaded / e.total) * 100) });
    request.upload.onload = () => setPhase({ state: "importing" });
    request.onload = () => {
      const body = request.response as { summary?: ImportSummary; error?: { message: string } } | null;
      if (request.status === 200 && body?.summary) {
        const refused = files.filter((f) => problemOf(f, limits)).map((f) => ({ file: f.name, reason: problemOf(f, limits)! }));
        setPhase({ state: "done", summary: { ...body.summary, skipped: [...refused, ...body.summary.skipped] } });
        setFiles([]);
      } else setPhase({ state: "failed", message: body?.error?.message ?? `The import failed (${request.status}).` });
    };
    request.onerror = () => setPhase({ state: "failed", message: "The upload did not reach the server. Check the connection and try again." });
    setPhase({ state: "uploading", percent: 0 });
    request.send(form);
  };

  return (
    <form onSubmit={submit} className="library-upload">
      <div
        className={`drop-zone${dragging ? " dragging" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop .md and .docx files here, or</p>
        <label htmlFor={inputId} className="button">
          Choose files…
        </label>
        <input
          id={inputId}
          className="visually-hidden"
          type="file"
          name="files"
          multiple
          accept={ACCEPT}
          onChange={(e) => {
            add(e.currentTarget.files);
            e.currentTarget.value = "";
          }}
        />
        <p className="hint">
          Up to {limits.maxFiles} files and {megabytes(limits.maxTotalBytes)} at a time, {megabytes(limits.maxFileBytes)} each.
        </p>
      </div>

      {files.length ? (
        <ul className="upload-files" aria-label="Files to import">
          {files.map((file) => (
            <li key={`${file.name}-${file.size}`}>
              {file.name} <span className="hint">({megabytes(file.size)})</span>
              {problemOf(file, limits) ? <span className="form-error"> — will be skipped: {problemOf(file, limits)}</span> : null}{" "}
              <button type="button" className="button small" disabled={busy} onClick={() => setFiles((current) => current.filter((f) => f !== file))}>
                Remove<span className="visually-hidden"> {file.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}

      <div className="field">
        <label htmlFor={`${inputId}-kind`}>Word files become</label>
        <select id={`${inputId}-kind`} name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
          <option value="precedent">Precedents</option>
          <option value="template">Templates</option>
          <option value="playbook">Playbooks</option>
        </select>
      </div>
      {tooMany ? <p className="form-error">Choose at most {limits.maxFiles} files at a time.</p> : null}
      {tooBig ? <p className="form-error">These files come to more than {megabytes(limits.maxTotalBytes)}: import them in smaller batches.</p> : null}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={!sendable.length || tooMany || tooBig || busy}>
          {sendable.length === 1 ? "Import 1 file" : `Import ${sendable.length} files`}
        </button>
      </div>

      <div role="status" aria-live="polite">
        {phase.state === "uploading" ? (
          <p>
            <label>
              Uploading… <progress max={100} value={phase.percent} aria-label="Upload progress" /> {phase.percent}%
            </label>
          </p>
        ) : null}
        {phase.state === "importing" ? (
          <p>
            Importing… <progress aria-label="Import in progress" />
          </p>
        ) : null}
        {phase.state === "failed" ? <p className="form-error">{phase.message}</p> : null}
        {phase.state === "done" ? <ImportSummaryView summary={phase.summary} /> : null}
      </div>
    </form>
  );
}

function ImportSummaryView({ summary }: { summary: ImportSummary }) {
  const unchanged = summary.skipped.filter((s) => s.reason === "unchanged");
  const problems = summary.skipped.filter((s) => s.reason !== "unchanged");
  return (
    <section className="import-summary" aria-label="Import summary">
      <h2>
        Imported {summary.imported.length}, updated {summary.updated.length}, unchanged {unchanged.length}, skipped {problems.length}
      </h2>
      {summary.imported.length ? <FileList title="Imported" files={summary.imported} /> : null}
      {summary.updated.length ? <FileList title="Updated" files={summary.updated} /> : null}
      {problems.length ? <FileList title="Skipped" files={problems.map((s) => ({ file: s.file, note: s.reason }))} /> : null}
      {summary.warnings.length ? (
        <FileList title="Not carried over from Word files" files={summary.warnings.map((w) => ({ file: w.file, note: w.message }))} />
      ) : null}
      <p>
        <a href="/library">Back to the library</a>
      </p>
    </section>
  );
}

/** Files by name; an imported or updated one links to its document, by title. */
function FileList({ title, files }: { title: string; files: ({ file: string; note?: string } | ImportedFile)[] }) {
  return (
    <>
      <h3>{title}</h3>
      <ul>
        {files.map((entry, index) => (
          <li key={`${entry.file}-${index}`}>
            {"link" in entry ? (
              <>
                <Link to={entry.link}>{entry.title}</Link> ({entry.file})
              </>
            ) : (
              <>
                {entry.file}
                {entry.note ? `: ${entry.note}` : ""}
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
