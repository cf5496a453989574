// How the scenarios reach into the pages: the widget on the host page (launcher, frame) and the
// console, by the names and roles a person would use.
import { deflateSync } from 'node:zlib';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import type { Account, World } from './world';

export const WIDGET_SESSION_KEY = 'support-widget.session';

export function launcher(page: Page) {
  return page.locator('[data-support-widget] button');
}

export function widgetFrame(page: Page): FrameLocator {
  return page.frameLocator('[data-support-widget] iframe');
}

export async function frameOf(page: Page): Promise<Frame> {
  await page.locator('[data-support-widget] iframe').waitFor({ state: 'attached' });
  for (;;) {
    const frame = page.frames().find((candidate) => candidate.url().includes('/widget/frame'));
    if (frame !== undefined) {
      await frame.waitForLoadState('domcontentloaded');
      return frame;
    }
    await page.waitForEvent('frameattached');
  }
}

/** Opens the host page and waits until widget.js has replaced the call queue with its API. */
export async function openHostPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => {
    const api = (window as { SupportWidget?: unknown }).SupportWidget;
    return api !== undefined && !Array.isArray(api);
  });
}

export async function openWidget(page: Page): Promise<FrameLocator> {
  await launcher(page).click();
  const frame = widgetFrame(page);
  await frame.locator('.widget').waitFor();
  return frame;
}

/** Opens the host page as its signed-in customer `sub`: the page passes their identity token. */
export async function identifiedVisitor(
  world: World,
  page: Page,
  sub: string,
  name: string,
): Promise<void> {
  await openHostPage(page, world.host.url(world.identityToken(sub, name, `${sub}@example.test`)));
}

export async function signInConsole(page: Page, world: World, account: Account): Promise<void> {
  await page.goto(`${world.api}/console`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
}

/** A valid PNG (a colour gradient with a "light"), made here so no fixture file is needed. */
export function testPng(width = 240, height = 150): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x += 1) {
      const light = (x - width * 0.7) ** 2 + (y - height * 0.4) ** 2 < 200;
      rows[row + 1 + x * 3] = light ? 255 : 40 + Math.round((x / width) * 120);
      rows[row + 2 + x * 3] = light ? 40 : 60 + Math.round((y / height) * 100);
      rows[row + 3 + x * 3] = light ? 40 : 140;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Waits until `check` holds, polling; fails with `what` after the timeout. */
export async function eventually(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

/** Chooses a presence in the console and waits until the server has it. */
export async function setPresence(
  page: Page,
  availability: 'Online' | 'Away' | 'Offline',
): Promise<void> {
  // The current choice shows once the agents are loaded; choosing it again would send nothing.
  await page.locator('.presence input:checked').waitFor({ state: 'attached' });
  const radio = page.getByRole('radio', { name: availability });
  if (await radio.isChecked()) return;
  const saved = page.waitForResponse(
    (response) => response.url().endsWith('/api/v1/csr/me/presence') && response.ok(),
  );
  await radio.check();
  await saved;
}
