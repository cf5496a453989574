// Scenario 4: axe-core finds no serious or critical violation in the widget (frame and launcher)
// or the console's screens, and a visitor sends a message with the keyboard alone.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Frame, Page } from 'playwright-core';
import { axe } from '../support/axe';
import { frameOf, identifiedVisitor, setPresence, signInConsole } from '../support/pages';
import type { Scenario } from '../support/scenario';

export const accessibilityScenario: Scenario = {
  name: 'axe: no serious or critical violation; a message sent with the keyboard alone',
  async run(world) {
    const found: string[] = [];
    const check = async (where: string, target: Page | Frame, include?: string) => {
      found.push(...(await axe(target, include)).map((line) => `${where}: ${line}`));
    };

    // The harness itself: a page with a known critical violation is reported.
    const probe = await world.context('axe-probe');
    await probe.page.setContent(
      '<html lang="en"><body><main><img src="x.png"></main></body></html>',
    );
    const probed = await axe(probe.page);
    assert.ok(
      probed.some((line) => line.startsWith('image-alt')),
      `axe missed image-alt: ${probed.join('; ')}`,
    );
    await probe.context.close();

    // The keyboard alone: Tab to the launcher, Enter, Tab to "New conversation", type, Enter.
    const visitor = await world.context('visitor-keyboard');
    const page = visitor.page;
    await identifiedVisitor(world, page, `ext-${randomBytes(4).toString('hex')}`, 'Kim Keys');
    await check('host page launcher', page, '[data-support-widget]');
    let onLauncher = false;
    for (let presses = 0; presses < 10 && !onLauncher; presses += 1) {
      await page.keyboard.press('Tab');
      onLauncher = await page.evaluate(
        () =>
          document.activeElement?.hasAttribute('data-support-widget') === true &&
          document.activeElement.shadowRoot?.activeElement?.tagName === 'BUTTON',
      );
    }
    assert.ok(onLauncher, 'Tab never reached the launcher');
    await page.keyboard.press('Enter');
    const frame = await frameOf(page);
    await frame.locator('.tickets').waitFor();
    let onNew = false;
    for (let presses = 0; presses < 10 && !onNew; presses += 1) {
      await page.keyboard.press('Tab');
      onNew = await frame.evaluate(
        () => document.activeElement?.textContent === 'New conversation',
      );
    }
    assert.ok(onNew, 'Tab never reached "New conversation"');
    await check('widget list', frame);
    await page.keyboard.press('Enter');
    await frame.locator('textarea').waitFor();
    assert.equal(await frame.evaluate(() => document.activeElement?.tagName), 'TEXTAREA');
    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Enter');
    await frame.locator('.bubble--mine', { hasText: 'Typed without a mouse' }).waitFor();
    await frame.locator('.bubble--mine .delivery--sent').first().waitFor();
    await check('widget conversation', frame);
    await world.screenshot(page, 'widget-keyboard');

    // The console, screen by screen (an admin sees every section).
    const admin = await world.context('console-admin');
    await admin.page.goto(`${world.api}/console`);
    await admin.page.getByLabel('Email').waitFor();
    await check('console sign-in', admin.page);
    await signInConsole(admin.page, world, world.admin);
    for (const [name, section] of [
      ['queue', 'Queue'],
      ['my tickets', 'My tickets'],
      ['all tickets', 'All tickets'],
      ['agents', 'Agents'],
      ['reports', 'Reports'],
    ] as const) {
      await admin.page.getByRole('link', { name: section, exact: true }).click();
      await admin.page.getByRole('heading', { level: 1, name: section }).waitFor();
      await admin.page.waitForLoadState('networkidle');
      await check(`console ${name}`, admin.page);
      if (name === 'reports') await world.screenshot(admin.page, 'console-reports');
      if (name === 'agents') await world.screenshot(admin.page, 'console-agents');
    }
    // Search: the keyboard visitor's words, found with a highlight.
    await admin.page.getByRole('link', { name: 'Search', exact: true }).click();
    await admin.page.getByRole('searchbox').fill('mouse');
    await admin.page.getByRole('searchbox').press('Enter');
    await admin.page.locator('.highlight mark', { hasText: 'mouse' }).first().waitFor();
    await check('console search', admin.page);

    // Presence: the CSR goes away in their console; the admin's agents page shows it live.
    await admin.page.getByRole('link', { name: 'Agents', exact: true }).click();
    const cara = admin.page.getByRole('row', { name: /Cara Diaz/ });
    await cara.getByText('Online').waitFor();
    const agent = await world.agentConsole();
    await setPresence(agent.page, 'Away');
    await cara.getByText('Away').waitFor();
    await setPresence(agent.page, 'Online');
    await cara.getByText('Online').waitFor();

    await admin.page.getByRole('link', { name: 'All tickets', exact: true }).click();
    await admin.page
      .getByRole('table')
      .getByRole('link', { name: 'Typed without a mouse', exact: true })
      .click();
    await admin.page.locator('.message--customer', { hasText: 'Typed without a mouse' }).waitFor();
    await check('console ticket', admin.page);

    await visitor.context.close();
    await admin.context.close();
    assert.deepEqual(found, [], `axe found:\n${found.join('\n')}`);
  },
};
