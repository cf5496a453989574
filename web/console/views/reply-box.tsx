// The agent's writing box, for replies and for notes. Enter sends, Shift+Enter breaks the line.
// With `canned`, a word starting with / looks up canned responses by short code; picking one
// (Enter, Tab or a click) puts its text, rendered for this ticket, in place of the word.
import { MESSAGE_ATTACHMENTS_MAX, MESSAGE_CONTENT_MAX } from '@/chat/message-limits';
import type { CannedResponse } from '@clients/typescript';
import type { ConsoleStore } from '@web/console/store';
import { useEffect, useId, useRef, useState } from 'preact/hooks';

interface Props {
  store: ConsoleStore;
  ticketId: string;
  label: string;
  placeholder: string;
  canned?: boolean;
  attachments?: boolean;
  variant?: 'note';
  onSend: (text: string, files: File[]) => Promise<void>;
  onTyping?: (isTyping: boolean) => void;
}

/** A `/code` word right before the caret: group 1 is the code typed so far. */
const SLASH_WORD = /(?:^|\s)\/([A-Za-z0-9_-]{0,32})$/;
const TYPING_REPEAT_MS = 2_500;
const TYPING_IDLE_MS = 3_000;

export function ReplyBox(props: Props) {
  const { store, ticketId, canned = false, attachments = true } = props;
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [suggestions, setSuggestions] = useState<CannedResponse[]>([]);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLTextAreaElement>(null);
  const typingSent = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lookup = useRef(0);
  const id = useId();
  const listId = `${id}-canned`;
  const fileId = `${id}-files`;

  useEffect(() => () => clearTimeout(idle.current), []);

  const stopTyping = () => {
    clearTimeout(idle.current);
    if (typingSent.current !== 0) props.onTyping?.(false);
    typingSent.current = 0;
  };

  const slashWord = (value: string, caret: number) => SLASH_WORD.exec(value.slice(0, caret));

  const findCanned = async (code: string) => {
    const run = (lookup.current += 1);
    const { data } = await store.api.GET('/api/v1/csr/canned-responses', {
      params: { query: code === '' ? { limit: 8 } : { q: code, limit: 8 } },
    });
    if (run !== lookup.current) return;
    setSuggestions(data?.items ?? []);
    setActive(0);
  };

  const typed = (value: string, caret: number) => {
    setText(value);
    if (props.onTyping !== undefined) {
      const now = Date.now();
      if (now - typingSent.current > TYPING_REPEAT_MS) {
        props.onTyping(true);
        typingSent.current = now;
      }
      clearTimeout(idle.current);
      idle.current = setTimeout(stopTyping, TYPING_IDLE_MS);
    }
    if (!canned) return;
    const match = slashWord(value, caret);
    if (match === null) {
      lookup.current += 1;
      setSuggestions([]);
    } else {
      void findCanned(match[1] ?? '');
    }
  };

  const pick = async (response: CannedResponse) => {
    const element = input.current;
    const caret = element?.selectionStart ?? text.length;
    const match = slashWord(text, caret);
    setSuggestions([]);
    const { data } = await store.api.GET('/api/v1/csr/tickets/{id}/canned-responses/{short_code}', {
      params: { path: { id: ticketId, short_code: response.short_code } },
    });
    const content = data?.content ?? response.content;
    const start = match === null ? caret : caret - (match[1]?.length ?? 0) - 1;
    const next = `${text.slice(0, start)}${content}${text.slice(caret)}`;
    setText(next);
    requestAnimationFrame(() => {
      element?.focus();
      const end = start + content.length;
      element?.setSelectionRange(end, end);
    });
  };

  const send = async () => {
    if (busy || (text.trim().length === 0 && files.length === 0)) return;
    setBusy(true);
    setError(undefined);
    stopTyping();
    try {
      await props.onSend(text, files);
      setText('');
      setFiles([]);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not send');
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };

  const open = suggestions.length > 0;
  return (
    <form
      class={`reply ${props.variant === 'note' ? 'reply--note' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {open && (
        <ul class="canned" id={listId} role="listbox" aria-label="Canned responses">
          {suggestions.map((response, index) => (
            <li
              key={response.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              class={`canned__item ${index === active ? 'canned__item--active' : ''}`}
              onMouseDown={(event) => {
                event.preventDefault();
                void pick(response);
              }}
            >
              <strong>/{response.short_code}</strong> {response.title}
            </li>
          ))}
        </ul>
      )}
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {files.length > 0 && (
        <ul class="reply__files" aria-label="Files to send">
          {files.map((file) => (
            <li key={file.name}>
              {file.name}{' '}
              <button
                type="button"
                class="link-button"
                aria-label={`Remove ${file.name}`}
                onClick={() => setFiles((list) => list.filter((entry) => entry !== file))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label class="sr-only" for={`${id}-text`}>
        {props.label}
      </label>
      <textarea
        id={`${id}-text`}
        ref={input}
        rows={3}
        maxLength={MESSAGE_CONTENT_MAX}
        placeholder={props.placeholder}
        value={text}
        aria-autocomplete={canned ? 'list' : undefined}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onInput={(event) =>
          typed(event.currentTarget.value, event.currentTarget.selectionStart ?? 0)
        }
        onKeyDown={(event) => {
          if (open) {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              const step = event.key === 'ArrowDown' ? 1 : -1;
              setActive((index) => (index + step + suggestions.length) % suggestions.length);
              return;
            }
            if (event.key === 'Enter' || event.key === 'Tab') {
              const chosen = suggestions[active];
              if (chosen !== undefined) {
                event.preventDefault();
                void pick(chosen);
                return;
              }
            }
            if (event.key === 'Escape') {
              event.preventDefault();
              setSuggestions([]);
              return;
            }
          }
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            void send();
          }
        }}
      />
      <div class="reply__actions">
        {attachments && (
          <>
            <label class="button button--secondary button--small" for={fileId}>
              Attach
            </label>
            <input
              id={fileId}
              class="sr-only"
              type="file"
              multiple
              onChange={(event) => {
                const chosen = [...(event.currentTarget.files ?? [])];
                setFiles((list) => [...list, ...chosen].slice(0, MESSAGE_ATTACHMENTS_MAX));
                event.currentTarget.value = '';
              }}
            />
          </>
        )}
        <button type="submit" class="button button--small" disabled={busy}>
          {props.variant === 'note' ? 'Add note' : 'Send'}
        </button>
      </div>
    </form>
  );
}
