import { useEffect, useId, useRef, useState } from "react";
import { commentsApi, type MentionCandidate } from "./comments-api";

/**
 * A comment box with @mentions: typing "@" and a few letters offers the provider's members who
 * can read the document (arrow keys and Enter, or a click, pick one). The text keeps "@Name";
 * the ids of those still named in it are the comment's mentions.
 */
export type MentionValue = { body: string; mentioned: MentionCandidate[] };

const MENTION_AT_CARET = /(^|\s)@([^\s@]{0,40})$/;

export const mentionIdsIn = (value: MentionValue) => [...new Set(value.mentioned.filter((p) => value.body.includes(`@${p.name}`)).map((p) => p.id))];

export function MentionTextarea({
  documentId,
  label,
  value,
  onChange,
  onSubmit,
  autoFocus,
  rows = 3,
}: {
  documentId: string;
  label: string;
  value: MentionValue;
  onChange: (value: MentionValue) => void;
  /** Ctrl/⌘+Enter sends, as in Google Docs. */
  onSubmit?: () => void;
  autoFocus?: boolean;
  rows?: number;
}) {
  const id = useId();
  const listId = `${id}-people`;
  const ref = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<string | null>(null);
  const [people, setPeople] = useState<MentionCandidate[]>([]);
  const [index, setIndex] = useState(0);

  useEffect(() => {
    if (query === null) return;
    let current = true;
    const timer = setTimeout(() => {
      commentsApi.mentionable(documentId, query).then(
        (found) => {
          if (!current) return;
          setPeople(found);
          setIndex(0);
        },
        () => current && setPeople([]),
      );
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [documentId, query]);

  const open = query !== null && people.length > 0;

  function readQuery(text: string, caret: number) {
    const match = MENTION_AT_CARET.exec(text.slice(0, caret));
    setQuery(match ? match[2]! : null);
  }

  function pick(person: MentionCandidate) {
    const textarea = ref.current;
    const caret = textarea?.selectionStart ?? value.body.length;
    const before = value.body.slice(0, caret).replace(/@([^\s@]{0,40})$/, `@${person.name} `);
    const body = before + value.body.slice(caret);
    onChange({ body, mentioned: [...value.mentioned.filter((p) => p.id !== person.id), person] });
    setQuery(null);
    requestAnimationFrame(() => {
      textarea?.focus();
      textarea?.setSelectionRange(before.length, before.length);
    });
  }

  return (
    <div className="field mention-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={ref}
        rows={rows}
        value={value.body}
        autoFocus={autoFocus}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${index}` : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          onChange({ ...value, body: e.target.value });
          readQuery(e.target.value, e.target.selectionStart);
        }}
        onKeyDown={(e) => {
          if (open && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
            e.preventDefault();
            setIndex((i) => (i + (e.key === "ArrowDown" ? 1 : people.length - 1)) % people.length);
          } else if (open && (e.key === "Enter" || e.key === "Tab")) {
            e.preventDefault();
            pick(people[index]!);
          } else if (open && e.key === "Escape") {
            e.preventDefault();
            setQuery(null);
          } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && onSubmit) {
            e.preventDefault();
            onSubmit();
          }
        }}
        onBlur={() => setTimeout(() => setQuery(null), 150)}
      />
      <p className="hint" id={`${id}-hint`}>
        Type @ to mention a colleague who can read this document.
      </p>
      {open ? (
        <ul className="mention-list" role="listbox" id={listId} aria-label="People to mention">
          {people.map((person, i) => (
            <li
              key={person.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === index}
              className="mention-option"
              onMouseDown={(e) => {
                e.preventDefault();
                pick(person);
              }}
            >
              {person.name}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
