// Scenario 2: the visitor's network drops while the CSR sends three messages; back online, the
// widget shows all three once each, in order (the join after the last seq replays them).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  eventually,
  frameOf,
  identifiedVisitor,
  openWidget,
  WIDGET_SESSION_KEY,
} from '../support/pages';
import type { Scenario } from '../support/scenario';

export const offlineReplayScenario: Scenario = {
  name: 'visitor offline while the CSR sends 3 messages: all 3 once, in order; then logout',
  async run(world) {
    const agent = await world.agentConsole();
    const visitor = await world.context('visitor-offline');
    await identifiedVisitor(
      world,
      visitor.page,
      `ext-${randomBytes(4).toString('hex')}`,
      'Otto Offline',
    );
    const frame = await openWidget(visitor.page);
    await frame.getByRole('button', { name: 'New conversation' }).click();
    const box = frame.getByRole('textbox', { name: 'Message' });
    await box.fill('My parcel never arrived');
    await box.press('Enter');
    await frame.locator('.bubble--mine .delivery--sent').first().waitFor();

    await agent.page.getByRole('link', { name: 'My tickets' }).click();
    await agent.page
      .getByRole('table')
      .getByRole('link', { name: 'My parcel never arrived', exact: true })
      .click();
    const reply = agent.page.getByRole('textbox', { name: 'Reply to the customer' });
    await reply.fill('Checking with the courier.');
    await reply.press('Enter');
    await frame.locator('.bubble--theirs', { hasText: 'Checking with the courier.' }).waitFor();

    await visitor.context.setOffline(true);
    await frame.getByText('Connection lost. Reconnecting…').waitFor({ timeout: 30_000 });
    const tag = randomBytes(3).toString('hex');
    const texts = [1, 2, 3].map((n) => `Update ${n} (${tag})`);
    for (const text of texts) {
      await reply.fill(text);
      await reply.press('Enter');
      await agent.page.locator('.message--staff', { hasText: text }).locator('.delivery').waitFor();
    }
    // The visitor writes while offline too: it waits in the outbox, shown as sending.
    await box.fill(`Still there? (${tag})`);
    await box.press('Enter');
    await frame
      .locator('.bubble--pending', { hasText: 'Still there?' })
      .getByText('Sending…')
      .waitFor();
    await world.screenshot(visitor.page, 'widget-offline');
    await visitor.context.setOffline(false);
    // Back online it is sent (once) and reaches the console once.
    await frame.locator('.bubble--pending').waitFor({ state: 'detached', timeout: 30_000 });
    const sent = agent.page.locator('.message--customer', { hasText: `Still there? (${tag})` });
    await sent.waitFor();

    const bubbles = frame.locator('.bubble--theirs');
    await eventually(
      'the three updates after the reconnection',
      async () => (await bubbles.allInnerTexts()).filter((t) => t.includes(tag)).length >= 3,
      60_000,
    );
    await frame.getByText('Connection lost. Reconnecting…').waitFor({ state: 'detached' });
    const shown = (await bubbles.allInnerTexts()).filter((text) => text.includes(tag));
    assert.equal(shown.length, 3, `expected each update once, got ${JSON.stringify(shown)}`);
    texts.forEach((text, index) =>
      assert.ok(shown[index]?.includes(text), `order: ${shown[index]}`),
    );
    const seqs = await frame
      .locator('.bubble[data-seq]')
      .evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-seq'))));
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
      'messages not in seq order',
    );
    assert.equal(new Set(seqs).size, seqs.length, 'a message is shown twice');
    assert.equal(await sent.count(), 1, 'the message written offline arrived twice');
    assert.equal(
      await frame.locator('.bubble--mine', { hasText: `Still there? (${tag})` }).count(),
      1,
    );
    await world.screenshot(visitor.page, 'widget-back-online');

    // The host site signs its customer out: the frame forgets the session, here and for good.
    await visitor.page.evaluate(() =>
      (window as unknown as { SupportWidget: { logout(): void } }).SupportWidget.logout(),
    );
    await frame.getByRole('button', { name: 'Start a conversation' }).waitFor();
    const kept = await (
      await frameOf(visitor.page)
    ).evaluate((key) => localStorage.getItem(key), WIDGET_SESSION_KEY);
    assert.equal(kept, null, 'the session is still stored after logout');
    await visitor.context.close();
  },
};
