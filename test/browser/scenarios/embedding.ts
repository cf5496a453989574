// Scenario 5: the embed itself. The host page's hostile CSS does not reach the launcher or the
// frame, the frame is served with frame-ancestors from WIDGET_ORIGINS, and a site outside them
// cannot frame the widget at all.
import assert from 'node:assert/strict';
import { launcher, openHostPage, openWidget } from '../support/pages';
import type { Scenario } from '../support/scenario';

export const embeddingScenario: Scenario = {
  name: 'embedding: host CSS cannot break the widget; a site outside WIDGET_ORIGINS cannot frame it',
  async run(world) {
    const frameResponse = await fetch(`${world.api}/widget/frame`);
    const csp = frameResponse.headers.get('content-security-policy') ?? '';
    assert.match(csp, new RegExp(`frame-ancestors ${world.host.origin}(;|$)`));
    assert.match(csp, /script-src 'self'(;|$)/);
    const consoleCsp = (await fetch(`${world.api}/console`)).headers.get('content-security-policy');
    assert.match(consoleCsp ?? '', /frame-ancestors 'none'/);

    // The host page hides every <button>, shrinks every <iframe> and unpositions every <div>.
    const visitor = await world.context('visitor-embedding');
    await openHostPage(visitor.page, world.host.url());
    const button = await launcher(visitor.page).boundingBox();
    assert.ok(button !== null, 'the launcher is not visible');
    assert.equal(Math.round(button.width), 60);
    const viewport = visitor.page.viewportSize();
    assert.ok(
      viewport !== null && button.x + button.width > viewport.width - 40,
      'not at the right',
    );
    const frame = await openWidget(visitor.page);
    await frame.locator('.widget__header').waitFor();
    const box = await visitor.page.locator('[data-support-widget] iframe').boundingBox();
    assert.equal(Math.round(box?.width ?? 0), 380, 'the frame lost its width to the host CSS');
    await world.screenshot(visitor.page, 'widget-on-hostile-css');

    // On a phone the frame takes the whole screen, and its own close button gives it back.
    await visitor.page.setViewportSize({ width: 390, height: 780 });
    const full = await visitor.page.locator('[data-support-widget] iframe').boundingBox();
    assert.deepEqual(
      [full?.x, full?.y, full?.width, full?.height].map((n) => Math.round(n ?? -1)),
      [0, 0, 390, 780],
    );
    await world.screenshot(visitor.page, 'widget-phone');
    await frame.getByRole('button', { name: 'Close the chat' }).click();
    await visitor.page.locator('[data-support-widget] iframe').waitFor({ state: 'hidden' });
    await launcher(visitor.page).waitFor();
    await visitor.context.close();

    // Another site embeds the same snippet: the browser refuses to render the frame there.
    const stranger = await world.context('stranger-site', true);
    const refusals: string[] = [];
    stranger.page.on('console', (message) => {
      if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
    });
    await openHostPage(stranger.page, world.strangerHost.url());
    await launcher(stranger.page).click();
    const handle = await stranger.page.locator('[data-support-widget] iframe').elementHandle();
    const content = await handle?.contentFrame();
    await content?.waitForLoadState();
    const loaded = (await content?.locator('.widget').count()) ?? 0;
    assert.equal(loaded, 0, 'a site outside WIDGET_ORIGINS rendered the widget');
    if (refusals.length === 0) {
      await stranger.page
        .waitForEvent('console', {
          predicate: (message) => /frame-ancestors/.test(message.text()),
          timeout: 10_000,
        })
        .catch(() => undefined);
    }
    assert.ok(refusals.length > 0, 'no frame-ancestors refusal was reported');
    await stranger.context.close();
  },
};
