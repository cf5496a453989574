// Attachments through the real app, with real multipart bodies: typing from the bytes, limits,
// a cut upload, sanitized names, downloads (Range, ETag, headers), access, and messages that
// carry attachments. TEST_ATTACHMENTS_STORE=s3 runs it all again on a local S3 server.
import request from 'supertest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import {
  AttachmentBody,
  download,
  filesUnder,
  MULTIPART,
  multipartBody,
  PDF,
  PNG,
  upload,
  uploaded,
} from './factories/attachments';
import type { MessageBody } from './factories/messages';
import { ack, connectChat, nextEvent } from './factories/sockets';
import { assignTicket, createTicket, PROBLEM, TicketBody } from './factories/tickets';
import { bearer, createUser, TestUser } from './factories/users';
import { LocalS3, startLocalS3 } from './support/s3-server';
import { AttachmentsService } from '@/attachments/attachments.service';
import { startTestApp, TestApp } from './support/test-app';

const STORE = process.env.TEST_ATTACHMENTS_STORE === 's3' ? 's3' : 'disk';
const MAX_BYTES = 256 * 1024;
const PER_TICKET = 4;

type WithAttachments = MessageBody & { attachments: AttachmentBody[] };

describe(`Attachments (${STORE} store)`, () => {
  let t: TestApp;
  let s3: LocalS3 | undefined;
  let owner: TestUser;
  let csr: TestUser;
  let admin: TestUser;
  let otherUser: TestUser;
  let otherCsr: TestUser;

  const root = () => join(t.config.dataDir, 'attachments');
  const tempFiles = () => filesUnder(join(root(), 'tmp'));
  /** Every stored blob, in whichever store runs. */
  const blobs = () =>
    s3 === undefined
      ? filesUnder(root()).filter((file) => !file.startsWith('tmp'))
      : // s3rver keeps an object as <key>._S3rver_object beside its metadata.
        filesUnder(s3.directory).filter((file) =>
          /attachments\/[0-9a-f]{64}\._S3rver_object$/.test(file),
        );
  const rows = async (ticketId: string) =>
    t.dataSource.query<{ id: string }[]>('SELECT id FROM ticket_attachments WHERE ticket_id = $1', [
      ticketId,
    ]);

  /** A ticket of the owner, assigned to csr. */
  async function ticket(): Promise<TicketBody> {
    const created = await createTicket(t, owner);
    return assignTicket(t, admin, created.id, csr.id);
  }

  beforeAll(async () => {
    s3 = STORE === 's3' ? await startLocalS3() : undefined;
    t = await startTestApp({
      ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
      ATTACHMENTS_PER_TICKET: String(PER_TICKET),
      ...(s3?.env ?? {}),
    });
    owner = await createUser(t);
    csr = await createUser(t, 'csr');
    admin = await createUser(t, 'admin');
    otherUser = await createUser(t);
    otherCsr = await createUser(t, 'csr');
  });

  afterAll(async () => {
    await t.close();
    await s3?.close();
  });

  describe('upload', () => {
    it.each([
      ['a PNG', PNG, 'shot.png', 'image/png', 'image/png'],
      ['a PDF', PDF, 'invoice.pdf', 'application/pdf', 'application/pdf'],
      ['text', Buffer.from('Error 42 at boot\n'), 'log.txt', 'text/plain', 'text/plain'],
      ['CSV', Buffer.from('a,b\n1,2\n'), 'data.csv', 'application/octet-stream', 'text/csv'],
    ])('stores %s and answers its Attachment', async (_name, bytes, filename, declared, type) => {
      const { id: ticketId } = await ticket();
      const body = await uploaded(t, owner, ticketId, { bytes, filename, contentType: declared });
      expect(body).toEqual({
        id: expect.any(String),
        ticket_id: ticketId,
        filename,
        content_type: type,
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        uploaded_by: owner.id,
        created_at: expect.any(String),
      });
      const answer = await download(t, owner, body.id).expect(200);
      expect(answer.body).toEqual(bytes);
      expect(tempFiles()).toEqual([]);
    });

    it('types the bytes, not the declared type: HTML declared image/png is refused', async () => {
      const { id } = await ticket();
      const html = Buffer.from('<!DOCTYPE html><script>alert(1)</script>');
      const answer = await upload(
        t,
        owner,
        id,
        {
          bytes: html,
          filename: 'cat.png',
          contentType: 'image/png',
        },
        415,
      );
      expect(answer.headers['content-type']).toMatch(PROBLEM);
      expect(await rows(id)).toEqual([]);
    });

    it('stores PNG bytes declared text/plain as image/png', async () => {
      const { id } = await ticket();
      const body = await uploaded(t, owner, id, {
        bytes: PNG,
        filename: 'notes.txt',
        contentType: 'text/plain',
      });
      expect(body.content_type).toBe('image/png');
    });

    it.each([
      ['SVG', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
      ['HTML after whitespace', '\n  <html><body>hi</body></html>'],
      ['XML', '<?xml version="1.0"?><a/>'],
      ['binary that is no known format', '\u0000\u0001\u0002binary'],
    ])('refuses %s as text with 415', async (_name, text) => {
      const { id } = await ticket();
      await upload(
        t,
        owner,
        id,
        { bytes: Buffer.from(text), filename: 'x.txt', contentType: 'text/plain' },
        415,
      );
      expect(await rows(id)).toEqual([]);
    });

    it('refuses a file over ATTACHMENT_MAX_BYTES with 413 and stores nothing', async () => {
      const { id } = await ticket();
      const before = blobs();
      const big = Buffer.concat([PNG, randomBytes(MAX_BYTES)]);
      const answer = await upload(t, owner, id, { bytes: big, filename: 'big.png' }, 413);
      expect(answer.headers['content-type']).toMatch(PROBLEM);
      expect(await rows(id)).toEqual([]);
      expect(blobs()).toEqual(before);
      expect(tempFiles()).toEqual([]);
      // Exactly the limit is fine.
      const exact = Buffer.concat([PNG, randomBytes(MAX_BYTES - PNG.length)]);
      expect((await uploaded(t, owner, id, { bytes: exact, filename: 'exact.png' })).size).toBe(
        MAX_BYTES,
      );
    });

    it('leaves no row and no file when the upload is cut mid-way', async () => {
      const { id } = await ticket();
      const before = blobs();
      const body = multipartBody({
        bytes: Buffer.concat([PNG, randomBytes(MAX_BYTES - PNG.length - 10)]),
        filename: 'cut.png',
      });
      const url = new URL(t.url);
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: `/api/v1/tickets/${id}/attachments`,
        headers: {
          ...bearer(owner.accessToken),
          'content-type': MULTIPART,
          'content-length': String(body.length),
        },
      });
      req.on('error', () => undefined);
      req.write(body.subarray(0, Math.floor(body.length / 2)));
      // The server has started writing the temp file: cut the connection under it.
      await until(() => tempFiles().length > 0);
      req.destroy();
      await until(() => tempFiles().length === 0);
      expect(await rows(id)).toEqual([]);
      expect(blobs()).toEqual(before);
      // And the server is fine.
      await uploaded(t, owner, id);
    });

    it.each([
      ['../../etc/passwd', 'passwd'],
      ['..\\..\\windows\\win.ini', 'win.ini'],
      ['C:\\x\\y.png', 'y.png'],
      ['bell\u0007and\u001bescape.png', 'bellandescape.png'],
      ['Grüße 中文 🎫.png', 'Grüße 中文 🎫.png'],
    ])('sanitizes the filename %j', async (raw, expected) => {
      const { id } = await ticket();
      const body = await uploaded(t, owner, id, { bytes: PNG, filename: raw });
      expect(body.filename).toBe(expected);
      const answer = await download(t, owner, body.id).expect(200);
      expect(answer.headers['content-disposition']).toBe(
        `attachment; filename*=UTF-8''${encodeURIComponent(expected)}`,
      );
    });

    it('cuts a 300-byte filename to at most 255 bytes, keeping its extension', async () => {
      const { id } = await ticket();
      const body = await uploaded(t, owner, id, { bytes: PNG, filename: `${'n'.repeat(296)}.png` });
      expect(Buffer.byteLength(body.filename)).toBe(255);
      expect(body.filename.endsWith('.png')).toBe(true);
    });

    it('answers a body that is not multipart with 415 and one without a file part with 400', async () => {
      const { id } = await ticket();
      await request(t.url)
        .post(`/api/v1/tickets/${id}/attachments`)
        .set(bearer(owner.accessToken))
        .send({ file: 'x' })
        .expect(415);
      await upload(t, owner, id, { bytes: PNG, filename: 'x.png', field: 'other' }, 400);
      await request(t.url)
        .post(`/api/v1/tickets/${id}/attachments`)
        .set(bearer(owner.accessToken))
        .set('content-type', MULTIPART)
        .send('--test-boundary-7f3a--\r\n')
        .expect(400);
    });

    it('lets the owner, the assigned CSR and an admin upload; others get 404', async () => {
      const { id } = await ticket();
      for (const user of [owner, csr, admin]) await uploaded(t, user, id);
      for (const user of [otherUser, otherCsr]) await upload(t, user, id, { bytes: PNG }, 404);
      expect(await rows(id)).toHaveLength(3);
    });

    it('refuses uploads to a closed ticket with 409', async () => {
      const { id } = await ticket();
      await request(t.url)
        .patch(`/api/v1/users/tickets/${id}`)
        .set(bearer(owner.accessToken))
        .send({ status: 'closed' })
        .expect(200);
      await upload(t, owner, id, { bytes: PNG, filename: 'late.png' }, 409);
    });

    it('holds ATTACHMENTS_PER_TICKET under concurrent uploads (409 beyond it)', async () => {
      const { id } = await ticket();
      const answers = await Promise.all(
        Array.from({ length: PER_TICKET * 2 }, (_, i) =>
          request(t.url)
            .post(`/api/v1/tickets/${id}/attachments`)
            .set(bearer(owner.accessToken))
            .set('content-type', MULTIPART)
            .send(
              multipartBody({
                bytes: Buffer.concat([PNG, Buffer.from(String(i))]),
                filename: `${i}.png`,
              }),
            ),
        ),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([
        ...Array<number>(PER_TICKET).fill(201),
        ...Array<number>(PER_TICKET).fill(409),
      ]);
      expect(await rows(id)).toHaveLength(PER_TICKET);
      expect(tempFiles()).toEqual([]);
    });
  });

  describe('download', () => {
    let file: AttachmentBody;
    const bytes = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz\n');

    beforeAll(async () => {
      file = await uploaded(t, owner, (await ticket()).id, {
        bytes,
        filename: 'alphabet.txt',
        contentType: 'text/plain',
      });
    });

    it('sends the bytes with the stored type and the safety headers', async () => {
      const answer = await download(t, csr, file.id).expect(200);
      expect(answer.body).toEqual(bytes);
      expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(answer.headers['content-disposition']).toBe(
        "attachment; filename*=UTF-8''alphabet.txt",
      );
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['content-security-policy']).toBe('sandbox');
      expect(answer.headers.etag).toBe(`"${file.sha256}"`);
      expect(answer.headers['accept-ranges']).toBe('bytes');
      expect(answer.headers['content-length']).toBe(String(bytes.length));
    });

    it.each([
      ['bytes=0-9', 0, 9],
      ['bytes=-5', bytes.length - 5, bytes.length - 1],
      ['bytes=10-', 10, bytes.length - 1],
      ['bytes=30-1000', 30, bytes.length - 1],
    ])('answers Range %s with 206 and the slice', async (range, start, end) => {
      const answer = await download(t, owner, file.id, { range }).expect(206);
      expect(answer.body).toEqual(bytes.subarray(start, end + 1));
      expect(answer.headers['content-range']).toBe(`bytes ${start}-${end}/${bytes.length}`);
      expect(answer.headers['content-length']).toBe(String(end - start + 1));
    });

    it('answers an unsatisfiable Range with 416 and the size', async () => {
      const answer = await download(t, owner, file.id, { range: 'bytes=1000-' }).expect(416);
      expect(answer.headers['content-range']).toBe(`bytes */${bytes.length}`);
    });

    it('ignores a Range whose If-Range names another version', async () => {
      await download(t, owner, file.id, { range: 'bytes=0-1', 'if-range': '"other"' }).expect(200);
      await download(t, owner, file.id, {
        range: 'bytes=0-1',
        'if-range': `"${file.sha256}"`,
      }).expect(206);
    });

    it('answers If-None-Match with the ETag with 304', async () => {
      const answer = await download(t, owner, file.id, {
        'if-none-match': `"${file.sha256}"`,
      }).expect(304);
      expect(answer.headers.etag).toBe(`"${file.sha256}"`);
      await download(t, owner, file.id, { 'if-none-match': '"stale"' }).expect(200);
    });

    it('lets the ticket’s participants download; others get 404, as for an unknown id', async () => {
      for (const user of [owner, csr, admin]) await download(t, user, file.id).expect(200);
      for (const user of [otherUser, otherCsr]) await download(t, user, file.id).expect(404);
      await download(t, owner, '00000000-0000-4000-8000-000000000000').expect(404);
      await download(t, owner, 'not-a-uuid').expect(400);
    });
  });

  describe('messages carrying attachments', () => {
    const send = (
      user: TestUser,
      ticketId: string,
      body: Record<string, unknown>,
      status: number,
    ) =>
      request(t.url)
        .post(`/api/v1/tickets/${ticketId}/messages`)
        .set(bearer(user.accessToken))
        .send(body)
        .expect((r) => {
          if (r.status !== status) throw new Error(`${r.status}: ${JSON.stringify(r.body)}`);
        });

    it('takes attachment_ids with empty content and returns them in the message and history', async () => {
      const { id } = await ticket();
      const a = await uploaded(t, owner, id);
      const b = await uploaded(t, owner, id, { bytes: PDF, filename: 'b.pdf' });
      const sent = (await send(owner, id, { content: '', attachment_ids: [a.id, b.id] }, 201))
        .body as WithAttachments;
      expect(sent.content).toBe('');
      expect(sent.attachments).toEqual([a, b]);
      const plain = (await send(owner, id, { content: 'no files' }, 201)).body as WithAttachments;
      expect(plain.attachments).toEqual([]);
      const history = await request(t.url)
        .get(`/api/v1/tickets/${id}/messages`)
        .set(bearer(csr.accessToken))
        .expect(200);
      const items = (history.body as { items: WithAttachments[] }).items;
      expect(items.map((m) => m.attachments.map((x) => x.id))).toEqual([[a.id, b.id], []]);
    });

    it('refuses empty content without attachments', async () => {
      const { id } = await ticket();
      await send(owner, id, { content: '', attachment_ids: [] }, 400);
      await send(owner, id, { content: '' }, 400);
    });

    it('refuses, with 422 and nothing stored, attachments already attached, of another ticket or another uploader', async () => {
      const { id } = await ticket();
      const { id: elsewhere } = await ticket();
      const mine = await uploaded(t, owner, id);
      await send(owner, id, { content: 'first', attachment_ids: [mine.id] }, 201);
      const foreign = await uploaded(t, owner, elsewhere);
      const csrs = await uploaded(t, csr, id);
      const fresh = await uploaded(t, owner, id);
      for (const ids of [
        [mine.id],
        [foreign.id],
        [csrs.id],
        [fresh.id, mine.id],
        ['00000000-0000-4000-8000-000000000000'],
      ]) {
        await send(owner, id, { content: 'again', attachment_ids: ids }, 422);
      }
      const [row] = await t.dataSource.query<{ message_id: string | null }[]>(
        'SELECT message_id FROM ticket_attachments WHERE id = $1',
        [fresh.id],
      );
      expect(row?.message_id).toBeNull();
      const count = await t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM ticket_messages WHERE ticket_id = $1',
        [id],
      );
      expect(count[0]?.n).toBe(1);
      await send(owner, id, { content: 'x', attachment_ids: [fresh.id, fresh.id] }, 400);
      await send(owner, id, { content: 'x', attachment_ids: Array(11).fill(fresh.id) }, 400);
    });

    it('carries attachments in the socket ack, the broadcast and the join history', async () => {
      const { id } = await ticket();
      const file = await uploaded(t, owner, id);
      const sender = await connectChat(t.url, { token: owner.accessToken });
      const watcher = await connectChat(t.url, { token: csr.accessToken });
      try {
        expect((await ack(watcher, 'join', { ticket_id: id })).ok).toBe(true);
        const broadcast = nextEvent<WithAttachments>(watcher, 'message', (m) => m.ticket_id === id);
        const answer = await ack(sender, 'message', {
          ticket_id: id,
          content: '',
          attachment_ids: [file.id],
        });
        expect(answer.ok).toBe(true);
        expect((answer.message as WithAttachments).attachments).toEqual([file]);
        expect((await broadcast).attachments).toEqual([file]);
        const joined = await ack(sender, 'join', { ticket_id: id });
        expect((joined.messages as WithAttachments[]).map((m) => m.attachments)).toEqual([[file]]);
        const refused = await ack(sender, 'message', {
          ticket_id: id,
          content: 'x',
          attachment_ids: [file.id],
        });
        expect(refused.error?.status).toBe(422);
      } finally {
        sender.close();
        watcher.close();
      }
    });
  });

  it('sweeps temp files a crashed process left, but not one being written', async () => {
    const dir = join(root(), 'tmp');
    mkdirSync(dir, { recursive: true });
    const stale = join(dir, 'crashed.part');
    const fresh = join(dir, 'writing.part');
    writeFileSync(stale, 'half');
    writeFileSync(fresh, 'half');
    const dayAgo = new Date(Date.now() - 24 * 3600_000);
    utimesSync(stale, dayAgo, dayAgo);
    expect(await t.app.get(AttachmentsService).sweepStaleTemp()).toBe(1);
    expect(tempFiles()).toEqual(['writing.part']);
    rmSync(fresh);
  });

  it('keeps each blob once, under its sha256, with no temp file left', async () => {
    const { id } = await ticket();
    const bytes = Buffer.from(`same bytes ${randomBytes(4).toString('hex')}\n`);
    const a = await uploaded(t, owner, id, { bytes, filename: 'a.txt' });
    const b = await uploaded(t, csr, id, { bytes, filename: 'b.txt' });
    expect(a.sha256).toBe(b.sha256);
    expect(blobs().filter((file) => file.includes(a.sha256))).toHaveLength(1);
    if (s3 === undefined)
      expect(existsSync(join(root(), a.sha256.slice(0, 2), a.sha256))).toBe(true);
    expect(tempFiles()).toEqual([]);
  });
});

/** Polls (10 ms) until `condition` holds: for things that do happen, never to prove absence. */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
