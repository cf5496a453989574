// A ticket's limits, stated once: the columns, the DTO rules (and through them the OpenAPI
// document) and the DTOs' fast paths all read them from here.
export const TICKET_TITLE_MAX = 200;
export const TICKET_DESCRIPTION_MAX = 10_000;
export const TICKET_CATEGORY_MAX = 50;
export const TICKET_TYPE_MAX = 50;
/** The `q` filter (a match in title or description). */
export const TICKET_SEARCH_MAX = 200;
/** A keyset cursor as the list hands it out; anything longer is not one of ours. */
export const TICKET_CURSOR_MAX = 512;
export const TICKET_PAGE_MAX = 100;
export const TICKET_PAGE_DEFAULT = 20;
/** Tags: at most this many per ticket, each matching TICKET_TAG_PATTERN after lower-casing. */
export const TICKET_TAGS_MAX = 20;
export const TICKET_TAG_MAX = 32;
export const TICKET_TAG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
