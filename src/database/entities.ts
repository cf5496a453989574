// Every entity, listed once for the DataSource (no globs: the same list works in tests and dist).
import { Attachment } from '@/attachments/attachment.entity';
import { LoginThrottle } from '@/auth/login-throttle.entity';
import { RefreshToken } from '@/auth/refresh-token.entity';
import { RevokedToken } from '@/auth/revoked-token.entity';
import { Session } from '@/auth/session.entity';
import { CannedResponse } from '@/canned-responses/canned-response.entity';
import { Message } from '@/chat/message.entity';
import { ReadMarker } from '@/chat/read-marker.entity';
import { Note } from '@/notes/note.entity';
import { AgentConnection } from '@/routing/agent-connection.entity';
import { AgentPresenceChange } from '@/routing/agent-presence-change.entity';
import { AgentProfile } from '@/routing/agent-profile.entity';
import { RoutingInstance } from '@/routing/routing-instance.entity';
import { TicketRating } from '@/satisfaction/ticket-rating.entity';
import { SlaAlert } from '@/sla/sla-alert.entity';
import { SlaClockRun } from '@/sla/sla-clock-run.entity';
import { SlaPolicy } from '@/sla/sla-policy.entity';
import { SearchSettings } from '@/search/search-settings.entity';
import { AssignmentCursor } from '@/tickets/assignment-cursor.entity';
import { TicketEvent } from '@/tickets/ticket-event.entity';
import { Ticket } from '@/tickets/ticket.entity';
import { User } from '@/users/user.entity';
import {
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEvent,
} from '@/webhooks/webhook.entity';

export const entities = [
  User,
  Session,
  RefreshToken,
  RevokedToken,
  LoginThrottle,
  Ticket,
  TicketEvent,
  AssignmentCursor,
  Message,
  ReadMarker,
  AgentProfile,
  RoutingInstance,
  AgentConnection,
  Note,
  CannedResponse,
  TicketRating,
  Attachment,
  SlaPolicy,
  SlaClockRun,
  SlaAlert,
  AgentPresenceChange,
  SearchSettings,
  WebhookEndpoint,
  WebhookEvent,
  WebhookDelivery,
  WebhookAttempt,
];
