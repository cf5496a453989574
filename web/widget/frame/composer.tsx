// The message box: Enter sends, Shift+Enter breaks the line; files wait beside it (images with a
// local preview) and are uploaded when the message goes. Typing is announced at most every few
// seconds, and its end after a pause or with the send.
import { MESSAGE_ATTACHMENTS_MAX, MESSAGE_CONTENT_MAX } from '@/chat/message-limits';
import { formatBytes } from '@web/shared/format';
import { useEffect, useId, useRef, useState } from 'preact/hooks';

interface Props {
  placeholder: string;
  onSend: (text: string, files: File[]) => Promise<void>;
  onTyping: (isTyping: boolean) => void;
}

const TYPING_REPEAT_MS = 2_500;
const TYPING_IDLE_MS = 3_000;
const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv';

interface Picked {
  file: File;
  preview: string | undefined;
}

export function Composer({ placeholder, onSend, onTyping }: Props) {
  const [text, setText] = useState('');
  const [files, setFiles] = useState<Picked[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const input = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const typingSent = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const fileInputId = useId();

  useEffect(() => {
    input.current?.focus();
    return () => clearTimeout(idle.current);
  }, []);

  const stopTyping = () => {
    clearTimeout(idle.current);
    if (typingSent.current !== 0) onTyping(false);
    typingSent.current = 0;
  };

  const typed = (value: string) => {
    setText(value);
    const now = Date.now();
    if (now - typingSent.current > TYPING_REPEAT_MS) {
      onTyping(true);
      typingSent.current = now;
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const pick = (list: FileList | null) => {
    const chosen = [...(list ?? [])].map((file) => ({
      file,
      preview: file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined,
    }));
    setFiles((current) => [...current, ...chosen].slice(0, MESSAGE_ATTACHMENTS_MAX));
    if (fileInput.current !== null) fileInput.current.value = '';
  };

  const remove = (picked: Picked) => {
    if (picked.preview !== undefined) URL.revokeObjectURL(picked.preview);
    setFiles((current) => current.filter((entry) => entry !== picked));
  };

  const send = async () => {
    if (busy || (text.trim().length === 0 && files.length === 0)) return;
    setBusy(true);
    setError(undefined);
    stopTyping();
    try {
      await onSend(
        text,
        files.map((picked) => picked.file),
      );
      for (const picked of files)
        if (picked.preview !== undefined) URL.revokeObjectURL(picked.preview);
      setText('');
      setFiles([]);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not send');
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {error !== undefined && (
        <p class="composer__error" role="alert">
          {error}
        </p>
      )}
      {files.length > 0 && (
        <ul class="composer__files" aria-label="Files to send">
          {files.map((picked) => (
            <li key={picked.preview ?? picked.file.name} class="file-chip">
              {picked.preview !== undefined && <img src={picked.preview} alt="" />}
              <span>
                {picked.file.name} ({formatBytes(picked.file.size)})
              </span>
              <button
                type="button"
                class="link-button"
                aria-label={`Remove ${picked.file.name}`}
                onClick={() => remove(picked)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="composer__row">
        <label class="icon-button composer__attach" for={fileInputId} title="Attach files">
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
            <path
              fill="currentColor"
              d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z"
            />
          </svg>
          <span class="sr-only">Attach files</span>
        </label>
        <input
          id={fileInputId}
          ref={fileInput}
          class="sr-only"
          type="file"
          multiple
          accept={ACCEPT}
          onChange={(event) => pick(event.currentTarget.files)}
        />
        <textarea
          ref={input}
          class="composer__input"
          aria-label="Message"
          placeholder={placeholder}
          rows={2}
          maxLength={MESSAGE_CONTENT_MAX}
          value={text}
          onInput={(event) => typed(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              void send();
            }
          }}
        />
        <button type="submit" class="button composer__send" disabled={busy}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
