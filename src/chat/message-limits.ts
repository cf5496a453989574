// A chat message's limits, stated once: the columns, the DTO rules (and through them the OpenAPI
// and AsyncAPI documents) and SendMessageDto's fast path all read them from here.
export const MESSAGE_CONTENT_MAX = 4000;
export const MESSAGE_CLIENT_ID_MAX = 64;
/** A client_id is printable ASCII without spaces. */
export const MESSAGE_CLIENT_ID_PATTERN = /^[\x21-\x7e]+$/;
export const MESSAGE_CURSOR_MAX = 200;
export const MESSAGE_PAGE_MAX = 100;
export const MESSAGE_PAGE_DEFAULT = 50;
/** Attachments one message may carry. */
export const MESSAGE_ATTACHMENTS_MAX = 10;
/** The most messages a `join` ack carries (the last ones, or those after `after_seq`). */
export const JOIN_HISTORY = 50;
