// Every migration in order, listed once (no globs: the same list works in tests and dist).
import { CreateIdentity1795665588770 } from '../../migrations/1795665588770-create-identity';
import { CreateTickets1795666533010 } from '../../migrations/1795666533010-create-tickets';
import { CreateChat1795666854704 } from '../../migrations/1795666854704-create-chat';
import { AddTicketStatusSortIndex1795667376983 } from '../../migrations/1795667376983-add-ticket-status-sort-index';
import { CreateRouting1796119000355 } from '../../migrations/1796119000355-create-routing';
import { AddTicketTagsWatchersSatisfaction1796200000000 } from '../../migrations/1796200000000-add-ticket-tags-watchers-satisfaction';
import { CreateNotes1796200000100 } from '../../migrations/1796200000100-create-notes';
import { CreateCannedResponses1796200000300 } from '../../migrations/1796200000300-create-canned-responses';
import { CreateTicketRatings1796200000400 } from '../../migrations/1796200000400-create-ticket-ratings';
import { CreateAttachments1796200000200 } from '../../migrations/1796200000200-create-attachments';
import { CreateSla1796300000000 } from '../../migrations/1796300000000-create-sla';
import { CreateAgentPresenceChanges1796300000200 } from '../../migrations/1796300000200-create-agent-presence-changes';
import { AddSearchVectors1796300000100 } from '../../migrations/1796300000100-add-search-vectors';
import { CreateWebhooks1796400000000 } from '../../migrations/1796400000000-create-webhooks';
import { AddWidgetVisitors1796400000500 } from '../../migrations/1796400000500-add-widget-visitors';

export const migrations = [
  CreateIdentity1795665588770,
  CreateTickets1795666533010,
  CreateChat1795666854704,
  AddTicketStatusSortIndex1795667376983,
  CreateRouting1796119000355,
  AddTicketTagsWatchersSatisfaction1796200000000,
  CreateNotes1796200000100,
  CreateCannedResponses1796200000300,
  CreateTicketRatings1796200000400,
  CreateAttachments1796200000200,
  CreateSla1796300000000,
  CreateAgentPresenceChanges1796300000200,
  AddSearchVectors1796300000100,
  CreateWebhooks1796400000000,
  AddWidgetVisitors1796400000500,
];
