// Scenario 3: an anonymous visitor writes, reloads the page, and finds the same conversation
// (the frame keeps its session in its own storage, partitioned by the host site).
import { openHostPage, openWidget } from '../support/pages';
import type { Scenario } from '../support/scenario';

export const anonymousReloadScenario: Scenario = {
  name: 'anonymous visitor reloads and finds the same conversation',
  skip: (world) =>
    world.hasWidgetSession ? undefined : 'POST /api/v1/widget/session is not on this branch yet',
  async run(world) {
    const visitor = await world.context('visitor-anonymous');
    await openHostPage(visitor.page, world.host.url());
    let frame = await openWidget(visitor.page);
    await frame.getByRole('button', { name: 'New conversation' }).click();
    const box = frame.getByRole('textbox', { name: 'Message' });
    await box.fill('Do you ship to Iceland?');
    await box.press('Enter');
    await frame.locator('.bubble--mine .delivery--sent').first().waitFor();

    await visitor.page.reload();
    await openHostPage(visitor.page, world.host.url());
    frame = await openWidget(visitor.page);
    await frame.getByRole('button', { name: /Do you ship to Iceland\?/ }).click();
    await frame.locator('.bubble--mine', { hasText: 'Do you ship to Iceland?' }).waitFor();
    await world.screenshot(visitor.page, 'widget-anonymous-after-reload');
    await visitor.context.close();
  },
};
