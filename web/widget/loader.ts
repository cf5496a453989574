// widget.js, the embed: a launcher button and an iframe to /widget/frame on the API's origin, in
// a shadow root with its styles set through the CSSOM (no <style> the host's CSP could refuse, no
// class the host's CSS could reach). The conversation lives in the frame; this script
// only opens and closes it, passes an identity token on, and relays the unread count.
//
//   <script src="https://support.example.com/widget.js" data-title="Help" data-category="chat" async></script>
//   SupportWidget.identify(token); SupportWidget.open(); SupportWidget.on('unread', (n) => …);
//   SupportWidget.logout() when the host site signs its customer out
//
// Calls made before the script has loaded can wait in an array: window.SupportWidget = [['identify', token]].
import {
  FRAME_PATH,
  type FromFrame,
  isProtocolMessage,
  PROTOCOL_SOURCE,
  type ToFrame,
} from '@web/widget/protocol';

type EventName = 'unread' | 'open' | 'close' | 'ready';
type Listener = (value: number) => void;

export interface SupportWidgetApi {
  identify(identityToken: string): void;
  /** Forgets the visitor in this browser (call it when your site signs them out). */
  logout(): void;
  open(): void;
  close(): void;
  toggle(): void;
  /** 'unread' (the count), 'open', 'close', 'ready'; returns a function that unsubscribes. */
  on(event: EventName, listener: Listener): () => void;
}

declare global {
  interface Window {
    SupportWidget?: SupportWidgetApi | unknown[];
  }
}

const PANEL_WIDTH = 380;
const PANEL_HEIGHT = 600;
const NARROW = '(max-width: 480px)';

function css(element: HTMLElement, rules: Record<string, string>, important = false): void {
  for (const [name, value] of Object.entries(rules)) {
    element.style.setProperty(name, value, important ? 'important' : '');
  }
}

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  return document.querySelector<HTMLScriptElement>('script[src*="/widget.js"]');
}

function start(script: HTMLScriptElement): void {
  const apiOrigin = new URL(script.src, location.href).origin;
  const title = script.dataset.title?.trim() || 'Help';
  const params = new URLSearchParams({
    title,
    category: script.dataset.category?.trim() || 'general',
    type: script.dataset.type?.trim() || 'question',
    host: location.origin,
  });

  const host = document.createElement('div');
  host.setAttribute('data-support-widget', '');
  css(
    host,
    {
      all: 'initial',
      position: 'fixed',
      right: '20px',
      bottom: '20px',
      'z-index': '2147483000',
      display: 'block',
    },
    true,
  );
  // Open, so accessibility checkers and test tools see the launcher; the iframe is the boundary.
  const root = host.attachShadow({ mode: 'open' });

  const frame = document.createElement('iframe');
  frame.src = `${apiOrigin}${FRAME_PATH}?${params.toString()}`;
  frame.title = `${title}: chat with support`;
  frame.setAttribute('allow', 'clipboard-write');
  css(frame, {
    display: 'none',
    border: '0',
    'border-radius': '12px',
    'box-shadow': '0 12px 48px rgba(0, 0, 0, 0.28)',
    background: '#fff',
    position: 'absolute',
    right: '0',
    bottom: '72px',
    width: `${PANEL_WIDTH}px`,
    height: `${PANEL_HEIGHT}px`,
    'max-height': 'calc(100vh - 110px)',
    'max-width': 'calc(100vw - 40px)',
  });

  const button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-expanded', 'false');
  css(button, {
    all: 'initial',
    cursor: 'pointer',
    width: '60px',
    height: '60px',
    'border-radius': '50%',
    background: '#1d4ed8',
    color: '#fff',
    'box-shadow': '0 4px 16px rgba(0, 0, 0, 0.3)',
    display: 'flex',
    'align-items': 'center',
    'justify-content': 'center',
    position: 'relative',
    'font-family': 'system-ui, sans-serif',
  });
  const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('width', '28');
  icon.setAttribute('height', '28');
  icon.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('fill', 'currentColor');
  const chatIcon = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z';
  const closeIcon =
    'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6 10.6 12 5 6.4z';
  path.setAttribute('d', chatIcon);
  icon.appendChild(path);
  const badge = document.createElement('span');
  badge.setAttribute('aria-hidden', 'true');
  css(badge, {
    display: 'none',
    position: 'absolute',
    top: '-4px',
    right: '-4px',
    'min-width': '22px',
    height: '22px',
    padding: '0 6px',
    'box-sizing': 'border-box',
    'border-radius': '11px',
    background: '#b91c1c',
    color: '#fff',
    font: 'bold 12px/22px system-ui, sans-serif',
    'text-align': 'center',
  });
  button.append(icon, badge);
  root.append(frame, button);

  const listeners = new Map<EventName, Set<Listener>>();
  const fire = (event: EventName, value = 0) => {
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(value);
      } catch (error) {
        setTimeout(() => {
          throw error;
        });
      }
    }
  };

  let ready = false;
  let open = false;
  let unread = 0;
  const outbox: ToFrame[] = [];
  const post = (message: ToFrame) => {
    if (ready) frame.contentWindow?.postMessage(message, apiOrigin);
    else outbox.push(message);
  };

  const label = () => {
    const count = unread > 0 ? `, ${unread} unread message${unread === 1 ? '' : 's'}` : '';
    button.setAttribute('aria-label', `${open ? 'Close' : 'Open'} ${title} chat${count}`);
    badge.textContent = unread > 99 ? '99+' : String(unread);
    css(badge, { display: unread > 0 && !open ? 'block' : 'none' });
    path.setAttribute('d', open ? closeIcon : chatIcon);
  };

  const layout = () => {
    const narrow = window.matchMedia(NARROW).matches;
    css(
      frame,
      narrow
        ? {
            position: 'fixed',
            inset: '0',
            width: '100vw',
            height: '100vh',
            'max-height': 'none',
            'max-width': 'none',
            'border-radius': '0',
          }
        : {
            position: 'absolute',
            inset: 'auto 0 72px auto',
            width: `${PANEL_WIDTH}px`,
            height: `${PANEL_HEIGHT}px`,
            'max-height': 'calc(100vh - 110px)',
            'max-width': 'calc(100vw - 40px)',
            'border-radius': '12px',
          },
    );
    // Full screen on a phone: the frame has its own close button, the launcher would cover it.
    css(button, { display: narrow && open ? 'none' : 'flex' });
  };

  const setOpen = (value: boolean) => {
    if (open === value) return;
    open = value;
    css(frame, { display: open ? 'block' : 'none' });
    button.setAttribute('aria-expanded', String(open));
    layout();
    label();
    post({ source: PROTOCOL_SOURCE, type: 'visibility', open });
    if (open) frame.focus();
    else button.focus();
    fire(open ? 'open' : 'close');
  };

  button.addEventListener('click', () => setOpen(!open));
  window.matchMedia(NARROW).addEventListener('change', layout);
  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== frame.contentWindow || event.origin !== apiOrigin) return;
    if (!isProtocolMessage<FromFrame>(event.data)) return;
    const message = event.data;
    switch (message.type) {
      case 'ready':
        ready = true;
        for (const queued of outbox.splice(0)) frame.contentWindow?.postMessage(queued, apiOrigin);
        post({ source: PROTOCOL_SOURCE, type: 'visibility', open });
        fire('ready');
        break;
      case 'unread':
        unread = Math.max(0, Math.floor(message.count));
        label();
        fire('unread', unread);
        break;
      case 'close':
        setOpen(false);
        break;
      case 'identity_refused':
        console.warn(`SupportWidget: the identity token was refused: ${message.detail}`);
        break;
    }
  });

  const api: SupportWidgetApi = {
    identify: (token) => post({ source: PROTOCOL_SOURCE, type: 'identify', token }),
    logout: () => post({ source: PROTOCOL_SOURCE, type: 'logout' }),
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!open),
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(event, set);
      if (event === 'unread') listener(unread);
      return () => set.delete(listener);
    },
  };

  const queued = Array.isArray(window.SupportWidget) ? window.SupportWidget : [];
  window.SupportWidget = api;
  label();
  layout();
  document.body.appendChild(host);
  for (const call of queued) {
    if (!Array.isArray(call)) continue;
    const [method, ...args] = call as [string, ...unknown[]];
    const calls: Record<string, (...values: never[]) => unknown> = { ...api };
    calls[method]?.(...(args as never[]));
  }
  window.dispatchEvent(new CustomEvent('supportwidget:ready'));
}

const script = findScript();
if (script === null) {
  console.warn('SupportWidget: could not find its own <script> element');
} else if (document.body === null) {
  document.addEventListener('DOMContentLoaded', () => start(script), { once: true });
} else {
  start(script);
}
