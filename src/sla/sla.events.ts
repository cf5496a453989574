// Domain events of the SLA module (published after commit; the gateway sends them to staff).
import type { SlaAlertEvent } from '@/sla/sla.response';

export const SLA_ALERT = 'sla.alert';

export interface SlaAlertPublished {
  event: 'sla_warning' | 'sla_breached';
  payload: SlaAlertEvent;
}
