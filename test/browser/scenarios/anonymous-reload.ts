// Scenario 3: an anonymous visitor (no agent online: the widget says so) writes, reloads the
// page and finds the same conversation (the frame keeps its session in its own storage,
// partitioned by the host site); identified later, the guest's conversation is theirs.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  frameOf,
  openHostPage,
  openWidget,
  setPresence,
  WIDGET_SESSION_KEY,
} from '../support/pages';
import type { Scenario } from '../support/scenario';

export const anonymousReloadScenario: Scenario = {
  name: 'anonymous visitor sees "offline", reloads and finds the same conversation, is identified later',
  async run(world) {
    const agent = await world.agentConsole();
    await setPresence(agent.page, 'Offline');

    const visitor = await world.context('visitor-anonymous');
    await openHostPage(visitor.page, world.host.url());
    let frame = await openWidget(visitor.page);
    await frame
      .getByText('We are offline. Leave a message and we will answer when we are back.')
      .waitFor();
    await frame.getByRole('button', { name: 'New conversation' }).click();
    const question = `Do you ship to Iceland? (${randomBytes(3).toString('hex')})`;
    const box = frame.getByRole('textbox', { name: 'Message' });
    await box.fill(question);
    await box.press('Enter');
    await frame.locator('.bubble--mine .delivery--sent').first().waitFor();
    const guest = await (
      await frameOf(visitor.page)
    ).evaluate(
      (key) => JSON.parse(localStorage.getItem(key) ?? '{}') as { meta?: { kind?: string } },
      WIDGET_SESSION_KEY,
    );
    assert.equal(guest.meta?.kind, 'guest');
    await world.screenshot(visitor.page, 'widget-anonymous-offline');

    await setPresence(agent.page, 'Online');
    await visitor.page.reload();
    await openHostPage(visitor.page, world.host.url());
    frame = await openWidget(visitor.page);
    await frame.getByText('We are online').waitFor();
    await frame
      .getByRole('button', { name: new RegExp(question.replace(/[?()]/g, '\\$&')) })
      .click();
    await frame.locator('.bubble--mine', { hasText: question }).waitFor();
    await world.screenshot(visitor.page, 'widget-anonymous-after-reload');

    // The host site signs the visitor in: the guest is merged, the conversation stays theirs.
    const sub = `ext-${randomBytes(4).toString('hex')}`;
    await visitor.page.evaluate(
      (token) =>
        (
          window as unknown as { SupportWidget: { identify(t: string): void } }
        ).SupportWidget.identify(token),
      world.identityToken(sub, 'Gina Guest', `${sub}@example.test`),
    );
    const frameHandle = await frameOf(visitor.page);
    await frameHandle.waitForFunction(
      (key) => localStorage.getItem(key)?.includes('"identified"') === true,
      WIDGET_SESSION_KEY,
    );
    const session = await frameHandle.evaluate(
      (key) => JSON.parse(localStorage.getItem(key) ?? '{}') as { access_token: string },
      WIDGET_SESSION_KEY,
    );
    const mine = (await (
      await fetch(`${world.api}/api/v1/users/tickets`, {
        headers: { authorization: `Bearer ${session.access_token}` },
      })
    ).json()) as { items: { title: string }[] };
    assert.ok(
      mine.items.some((ticket) => ticket.title === question),
      'the guest’s conversation did not move to the identified visitor',
    );
    await frame.getByRole('button', { name: 'Back to your conversations' }).click();
    await frame
      .getByRole('button', { name: new RegExp(question.replace(/[?()]/g, '\\$&')) })
      .click();
    await frame.locator('.bubble--mine', { hasText: question }).waitFor();
    await visitor.context.close();
  },
};
