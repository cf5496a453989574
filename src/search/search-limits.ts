// Search's limits, stated once for the DTOs, the OpenAPI document and the queries.
/** `q`, after trimming. */
export const SEARCH_QUERY_MAX = 200;
export const SEARCH_PAGE_MAX = 100;
export const SEARCH_PAGE_DEFAULT = 20;
/** A cursor as the search hands it out (a rank and a UUID); anything longer is not one of ours. */
export const SEARCH_CURSOR_MAX = 200;
/** Message and note highlights per ticket, besides its title and description. */
export const SEARCH_BODY_HIGHLIGHTS_MAX = 3;
/** Rows rebuilt per statement when SEARCH_LANGUAGE changes. */
export const SEARCH_REBUILD_BATCH = 5_000;
/**
 * ts_headline's options: the matched words between « and », one passage of 15 to 35 words, no
 * short words dropped at its ends (so `<b>x</b>` keeps every character).
 */
export const SEARCH_HIGHLIGHT_START = '«';
export const SEARCH_HIGHLIGHT_STOP = '»';
export const SEARCH_HEADLINE_OPTIONS = `StartSel=${SEARCH_HIGHLIGHT_START}, StopSel=${SEARCH_HIGHLIGHT_STOP}, MaxWords=35, MinWords=15, ShortWord=0, MaxFragments=0`;
