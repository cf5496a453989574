// Owns ticket attachments: receiving an upload (streamed, typed from its bytes, stored by
// sha256), reading one back, and linking attachments to the message that carries them (in the
// chat writer's transaction).
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import type { Attachment } from '@/attachments/attachment.entity';
import {
  AttachmentLimitReached,
  AttachmentNotFound,
  AttachmentsNotAttachable,
} from '@/attachments/attachment.errors';
import { AttachmentsRepository } from '@/attachments/attachments.repository';
import {
  ATTACHMENT_STORE,
  type AttachmentStore,
  type ByteRange,
} from '@/attachments/storage/attachment-store';
import { IncomingFile, receiveUpload } from '@/attachments/upload-receiver';
import { APP_CONFIG } from '@/config/config.module';
import type { AppConfig } from '@/config/config';
import type { TicketActor } from '@/tickets/ticket-access.policy';
import { TicketClosed, TicketNotFound } from '@/tickets/ticket.errors';
import { TicketsService } from '@/tickets/tickets.service';

/** Uploads in progress are written here, on local disk, whatever the store. */
export function attachmentTempDir(dataDir: string): string {
  return join(dataDir, 'attachments', 'tmp');
}

@Injectable()
export class AttachmentsService implements OnApplicationBootstrap {
  private readonly tempDir: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    private readonly attachments: AttachmentsRepository,
    private readonly tickets: TicketsService,
  ) {
    this.tempDir = attachmentTempDir(config.dataDir);
  }

  onApplicationBootstrap(): Promise<number> {
    return this.sweepStaleTemp();
  }

  /**
   * Removes temp files a crashed process left behind. Only old ones: instances sharing DATA_DIR
   * may be writing theirs, and no upload outlives the request timeout.
   */
  async sweepStaleTemp(now = Date.now()): Promise<number> {
    const maxAge = Math.max(3600_000, 2 * this.config.requestTimeoutMs);
    let removed = 0;
    const names = await readdir(this.tempDir).catch(() => [] as string[]);
    for (const name of names) {
      const path = join(this.tempDir, name);
      const info = await stat(path).catch(() => undefined);
      if (info === undefined || now - info.mtimeMs < maxAge) continue;
      await rm(path, { force: true });
      removed++;
    }
    return removed;
  }

  /**
   * Refuses before a byte is read when the ticket is not the actor's to post in, or closed; then
   * streams the file to a temp file and, in one transaction holding the ticket's row lock (so
   * the per-ticket limit holds under concurrent uploads), checks again, stores the blob and
   * inserts the row. A refusal at any point keeps nothing.
   */
  async upload(
    actor: TicketActor,
    ticketId: string,
    open: () => Promise<IncomingFile>,
  ): Promise<Attachment> {
    const ticket = await this.tickets.get(actor, ticketId, 'participant');
    if (ticket.status === 'closed') throw new TicketClosed();
    const { maxBytes, types, perTicket } = this.config.attachments;
    const file = await open();
    const received = await receiveUpload(file, this.tempDir, { maxBytes, types });
    try {
      return await this.dataSource.transaction(async (manager) => {
        const locked = await this.tickets.lockAccessible(manager, actor, ticketId, 'participant');
        if (locked.status === 'closed') throw new TicketClosed();
        if ((await this.attachments.countForTicket(manager, ticketId)) >= perTicket) {
          throw new AttachmentLimitReached(perTicket);
        }
        // Stored last, right before the row: a refusal above leaves no blob behind.
        await this.store.put(received.tempPath, received.sha256, received.size);
        return this.attachments.insert(manager, {
          ticketId,
          uploadedBy: actor.id,
          filename: file.filename,
          contentType: received.contentType,
          size: received.size,
          sha256: received.sha256,
        });
      });
    } finally {
      await rm(received.tempPath, { force: true });
    }
  }

  /** An attachment of a ticket the actor may see in the conversation; else not found. */
  async get(actor: TicketActor, id: string): Promise<Attachment> {
    const attachment = await this.attachments.findById(id);
    if (attachment === null) throw new AttachmentNotFound();
    try {
      await this.tickets.get(actor, attachment.ticketId, 'participant');
    } catch (error) {
      if (error instanceof TicketNotFound) throw new AttachmentNotFound();
      throw error;
    }
    return attachment;
  }

  read(attachment: Attachment, range?: ByteRange): Promise<Readable> {
    return this.store.read(attachment.sha256, range);
  }

  /**
   * In the caller's (the chat writer's) transaction: gives these attachments to a new message.
   * Each must be the sender's upload to the message's ticket, carried by no message yet.
   */
  async attachToMessage(
    manager: EntityManager,
    message: { id: string; ticketId: string; senderId: string },
    ids: readonly string[],
  ): Promise<Attachment[]> {
    if (ids.length === 0) return [];
    const linked = await this.attachments.link(manager, {
      ids: ids.map((id) => id.toLowerCase()),
      ticketId: message.ticketId,
      uploadedBy: message.senderId,
      messageId: message.id,
    });
    if (linked.length !== ids.length) throw new AttachmentsNotAttachable();
    return linked;
  }

  /**
   * Makes one user's uploads another's, in the caller's transaction (a widget guest merged into
   * its visitor: an upload not yet attached stays attachable by them).
   */
  moveUploader(manager: EntityManager, fromUserId: string, toUserId: string): Promise<void> {
    return this.attachments.moveUploader(manager, fromUserId, toUserId);
  }

  /** The attachments of these messages, grouped by message id. */
  async forMessages(
    messageIds: readonly string[],
    manager?: EntityManager,
  ): Promise<Map<string, Attachment[]>> {
    const byMessage = new Map<string, Attachment[]>();
    for (const attachment of await this.attachments.listByMessages(messageIds, manager)) {
      const list = byMessage.get(attachment.messageId ?? '') ?? [];
      list.push(attachment);
      byMessage.set(attachment.messageId ?? '', list);
    }
    return byMessage;
  }
}
