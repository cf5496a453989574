// How long each resolution of a ticket took: the time it was open (open or in progress) from its
// creation up to that resolution, leaving out the stretches it sat resolved before a reopening.
// Pure: the caller passes the ticket's status changes and how to measure a stretch.

/** Minutes between two instants: calendar minutes, or business minutes by the SLA calendar. */
export type Measure = (from: Date, to: Date) => number;

export interface StatusChange {
  /** The timeline event; it names the resolution in the result. */
  eventId: string;
  at: Date;
  from: string | null;
  to: string;
}

export interface ResolutionTime {
  eventId: string;
  at: Date;
  minutes: number;
}

export const calendarMinutes: Measure = (from, to) =>
  Math.max(0, (to.getTime() - from.getTime()) / 60_000);

/** One entry per change to `resolved`, in the order of `changes` (the timeline's). */
export function resolutionTimes(
  createdAt: Date,
  changes: readonly StatusChange[],
  measure: Measure,
): ResolutionTime[] {
  const out: ResolutionTime[] = [];
  let openSince: Date | null = createdAt;
  let used = 0;
  for (const change of changes) {
    if (change.to === 'resolved') {
      if (openSince === null) continue;
      used += measure(openSince, change.at);
      out.push({ eventId: change.eventId, at: change.at, minutes: used });
      openSince = null;
    } else if (change.to === 'closed') {
      // Closed is final: a later event cannot resolve it again.
      openSince = null;
    } else if (openSince === null && change.from === 'resolved') {
      // Reopened: the clock runs again from here.
      openSince = change.at;
    }
  }
  return out;
}
