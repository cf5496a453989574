// What the loader (widget.js, on the host page) and the frame (/widget/frame, on the API's
// origin) say to each other with postMessage. Every message carries `source`, so either side
// ignores the page's other traffic; the frame takes an identity only from an allowed origin.
export const PROTOCOL_SOURCE = 'support-widget';

/** Host page → frame. */
export type ToFrame =
  | { source: typeof PROTOCOL_SOURCE; type: 'identify'; token: string }
  | { source: typeof PROTOCOL_SOURCE; type: 'visibility'; open: boolean }
  | { source: typeof PROTOCOL_SOURCE; type: 'logout' };

/** Frame → host page. */
export type FromFrame =
  | { source: typeof PROTOCOL_SOURCE; type: 'ready' }
  | { source: typeof PROTOCOL_SOURCE; type: 'unread'; count: number }
  | { source: typeof PROTOCOL_SOURCE; type: 'close' }
  | { source: typeof PROTOCOL_SOURCE; type: 'identity_refused'; detail: string };

export function isProtocolMessage<T extends { type: string }>(data: unknown): data is T {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { source?: unknown }).source === PROTOCOL_SOURCE &&
    typeof (data as { type?: unknown }).type === 'string'
  );
}

/** The frame's query: the embed's attributes and the host page's origin. */
export interface FrameParams {
  title: string;
  category: string;
  type: string;
  host: string;
}

export const FRAME_PATH = '/widget/frame';
