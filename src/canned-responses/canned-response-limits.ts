// A canned response's limits, stated once for the column, the DTOs and the OpenAPI document.
export const CANNED_SHORT_CODE_MAX = 32;
/** Any letter case on input; stored as written, unique and compared lower-cased. */
export const CANNED_SHORT_CODE_PATTERN = /^[a-z0-9_-]{1,32}$/i;
export const CANNED_SHORT_CODE_SOURCE = '^[A-Za-z0-9_-]{1,32}$';
export const CANNED_TITLE_MAX = 200;
export const CANNED_CONTENT_MAX = 10_000;
export const CANNED_PAGE_MAX = 100;
export const CANNED_PAGE_DEFAULT = 20;
export const CANNED_CURSOR_MAX = 128;
