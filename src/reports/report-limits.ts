// A report's limits and defaults, stated once for the DTOs, the range parser and the docs.
export const REPORT_MAX_DAYS = 366;
/** Without `from`: this many days before `to`. */
export const REPORT_DEFAULT_DAYS = 30;

export const GROUP_BYS = ['day', 'week'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
