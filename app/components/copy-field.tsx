import { useState } from "react";
import { useToast } from "~/components/toast/toaster";

/** A secret or link shown once, with a copy button and a plain warning. */
export function CopyField({ label, value, note }: { label: string; value: string; note: string }) {
  const [copied, setCopied] = useState(false);
  const toast = useToast();
  const copy = () => {
    // No clipboard (an insecure origin, a denied permission): say so, and the field stays selectable.
    const clipboard =
      typeof navigator.clipboard?.writeText === "function" ? navigator.clipboard.writeText(value) : Promise.reject(new Error("no clipboard"));
    clipboard.then(
      () => {
        setCopied(true);
        toast(`${label} copied to the clipboard.`);
      },
      () => toast(`Could not copy ${label}: select it and copy it yourself.`)
    );
  };
  return (
    <div className="copy-field" role="status">
      <p>
        <strong>{label}</strong> — {note}
      </p>
      <div className="copy-row">
        <input readOnly value={value} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
