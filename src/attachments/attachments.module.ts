// Ticket attachments: the upload and download routes, the ticket_attachments table and the one
// store (disk or S3) that holds the bytes by sha256. Chat links attachments to messages through
// AttachmentsService; this module depends on tickets only.
import { Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import { AttachmentsController } from '@/attachments/attachments.controller';
import { AttachmentsRepository } from '@/attachments/attachments.repository';
import { AttachmentsService } from '@/attachments/attachments.service';
import { ATTACHMENT_STORE, type AttachmentStore } from '@/attachments/storage/attachment-store';
import { DiskAttachmentStore } from '@/attachments/storage/disk.store';
import { APP_CONFIG } from '@/config/config.module';
import type { AppConfig } from '@/config/config';
import { TicketsModule } from '@/tickets/tickets.module';

/** The AWS SDK (about 7 MB of heap) is loaded only when the S3 store is configured. */
async function createStore(config: AppConfig): Promise<AttachmentStore> {
  const { s3 } = config.attachments;
  if (config.attachments.store === 's3' && s3 !== undefined) {
    const { S3AttachmentStore } = await import('./storage/s3.store');
    return new S3AttachmentStore(s3);
  }
  return new DiskAttachmentStore(join(config.dataDir, 'attachments'));
}

@Module({
  imports: [TicketsModule],
  controllers: [AttachmentsController],
  providers: [
    AttachmentsService,
    AttachmentsRepository,
    { provide: ATTACHMENT_STORE, useFactory: createStore, inject: [APP_CONFIG] },
  ],
  exports: [AttachmentsService],
})
export class AttachmentsModule implements OnModuleDestroy {
  constructor(@Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore) {}

  onModuleDestroy(): void {
    this.store.destroy?.();
  }
}
