// The workloads of issue 7, in the order a full run takes them (B2 before the workloads that add
// CSRs, so its round-robin cycle is exactly its 10 CSRs).
import type { Workload } from '../lib/context';
import { b1List } from './b1-list';
import { b2Create } from './b2-create';
import { b3DeepPages } from './b3-deep-pages';
import { b4Logins } from './b4-logins';
import { b5Chat } from './b5-chat';
import { b6IdleSockets } from './b6-idle-sockets';
import { b7EmbeddedStart } from './b7-embedded-start';
import { b8Drain } from './b8-drain';
import { b9Attachments } from './b9-attachments';
import { b10Sla } from './b10-sla';
import { b10Search } from './b10-search';
import { b11Webhooks } from './b11-webhooks';

export const WORKLOADS: readonly Workload[] = [
  b1List,
  b2Create,
  b3DeepPages,
  b4Logins,
  b5Chat,
  b6IdleSockets,
  b7EmbeddedStart,
  b8Drain,
  b9Attachments,
  b10Sla,
  b10Search,
  b11Webhooks,
];
