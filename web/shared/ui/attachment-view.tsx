// One attachment in a message: an image as a preview (a link to the full size), anything else as
// a download link with its name and size. Both come from an object URL (see attachments.ts).
import type { Attachment } from '@clients/typescript';
import { useEffect, useState } from 'preact/hooks';
import { attachmentUrl, isImage } from '@web/shared/attachments';
import { formatBytes } from '@web/shared/format';
import type { Session } from '@web/shared/session';

interface Props {
  origin: string;
  session: Session;
  attachment: Attachment;
}

export function AttachmentView({ origin, session, attachment }: Props) {
  const [url, setUrl] = useState<string | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    attachmentUrl(origin, session, attachment.id).then(
      (value) => live && setUrl(value),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [origin, session, attachment.id]);
  const label = `${attachment.filename} (${formatBytes(attachment.size)})`;
  if (failed) return <span class="attachment attachment--failed">{label}: not available</span>;
  if (isImage(attachment)) {
    return (
      <a
        class="attachment attachment--image"
        href={url}
        target="_blank"
        rel="noopener"
        title={label}
      >
        {url === undefined ? (
          <span class="attachment__placeholder">Loading image…</span>
        ) : (
          <img src={url} alt={attachment.filename} loading="lazy" />
        )}
      </a>
    );
  }
  return (
    <a class="attachment attachment--file" href={url} download={attachment.filename}>
      {label}
    </a>
  );
}
