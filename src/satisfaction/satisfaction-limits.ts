// A rating's limits, stated once for the column, the DTO and the OpenAPI document.
export const RATING_MIN = 1;
export const RATING_MAX = 5;
export const RATING_COMMENT_MAX = 1_000;
