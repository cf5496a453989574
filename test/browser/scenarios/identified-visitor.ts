// Scenario 1: an identified visitor writes; a CSR online in the console gets the ticket live,
// both see typing and read receipts, the CSR's internal note never reaches the visitor, the
// visitor's image shows as a preview in the console, and a resolution is rated 5 and shown.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { axe } from '../support/axe';
import { eventually, frameOf, identifiedVisitor, openWidget, testPng } from '../support/pages';
import type { Scenario } from '../support/scenario';

export const identifiedVisitorScenario: Scenario = {
  name: 'identified visitor and CSR: live assignment, typing, receipts, notes, image, CSAT',
  async run(world) {
    const agent = await world.agentConsole();
    await agent.page.getByRole('link', { name: 'My tickets' }).click();

    const visitor = await world.context('visitor');
    await identifiedVisitor(
      world,
      visitor.page,
      `ext-${randomBytes(4).toString('hex')}`,
      'Vera Visitor',
    );
    const frame = await openWidget(visitor.page);
    await frame.getByRole('button', { name: 'New conversation' }).click();
    const box = frame.getByRole('textbox', { name: 'Message' });
    await box.fill('My printer is on fire\nIt started after the update.');
    await box.press('Enter');
    await frame.locator('.bubble--mine', { hasText: 'My printer is on fire' }).waitFor();
    await frame.locator('.bubble--mine .delivery--sent').first().waitFor();

    // Assigned live: the toast, and the row in My tickets without a reload.
    const toast = agent.page.locator('.toast', { hasText: 'was assigned to you' });
    await toast.waitFor();
    await agent.page
      .getByRole('table')
      .getByRole('link', { name: 'My printer is on fire', exact: true })
      .waitFor();
    await world.screenshot(agent.page, 'console-assigned-live');
    await agent.page
      .getByRole('table')
      .getByRole('link', { name: 'My printer is on fire', exact: true })
      .click();
    const conversation = agent.page.locator('.pane--conversation');
    await conversation
      .locator('.message--customer', { hasText: 'My printer is on fire' })
      .waitFor();

    // The CSR has it on screen: the visitor's message shows ✓✓.
    await frame.locator('.bubble--mine .delivery--read').first().waitFor();

    // Typing, both ways.
    const reply = agent.page.getByRole('textbox', { name: 'Reply to the customer' });
    await reply.pressSequentially('Let me ', { delay: 20 });
    await frame.getByText('Support is typing…').waitFor();
    await box.pressSequentially('Thanks', { delay: 20 });
    await agent.page.getByText('Customer is typing…').waitFor();
    await box.fill('');

    // An internal note, then a canned reply (/thanks) and a plain one.
    const secret = `NOTE-SECRET-${randomBytes(6).toString('hex')}`;
    const note = agent.page.getByRole('textbox', { name: 'Write an internal note' });
    await note.fill(`Customer is on the legacy plan ${secret}`);
    await note.press('Enter');
    await agent.page.locator('.note', { hasText: secret }).waitFor();

    await reply.fill('');
    await reply.pressSequentially('/than', { delay: 20 });
    await agent.page.getByRole('option', { name: /\/thanks/ }).waitFor();
    await reply.press('Enter');
    await eventually('the canned response is filled in', async () =>
      (await reply.inputValue()).includes('I am looking into it now. Cara Diaz'),
    );
    await reply.press('Enter');
    await frame.locator('.bubble--theirs', { hasText: 'I am looking into it now' }).waitFor();
    await reply.fill('Could you send a photo of the error light?');
    await reply.press('Enter');
    await frame.locator('.bubble--theirs', { hasText: 'photo of the error light' }).waitFor();
    // The SLA: the first response met, resolution running toward its due time.
    const sla = agent.page.getByRole('region', { name: 'SLA' });
    await sla
      .getByRole('listitem')
      .filter({ hasText: /First response\s*Met/ })
      .waitFor();
    await sla
      .getByRole('listitem')
      .filter({ hasText: /Resolution\s*Running\s*8 h target · due .*\(in \d h/ })
      .waitFor();
    // The visitor has the conversation open: the CSR's replies show ✓✓ in the console.
    await conversation
      .locator('.message--staff', { hasText: 'photo of the error light' })
      .locator('.delivery--read')
      .waitFor();
    await world.screenshot(visitor.page, 'widget-conversation');

    // An image from the visitor, previewed in the console.
    await frame.locator('input[type=file]').setInputFiles({
      name: 'error-light.png',
      mimeType: 'image/png',
      buffer: testPng(),
    });
    await frame.getByRole('list', { name: 'Files to send' }).waitFor();
    await box.fill('Here it is');
    await box.press('Enter');
    const preview = conversation.getByRole('img', { name: 'error-light.png' });
    await preview.waitFor();
    await eventually('the preview image decodes', () =>
      preview.evaluate((image) => (image as HTMLImageElement).naturalWidth === 240),
    );
    await world.screenshot(agent.page, 'console-ticket-image');

    // The note was never sent to the visitor: not in the frame's DOM, not in any response or frame.
    const visitorText = await frame.locator('body').innerText();
    assert.ok(!visitorText.includes(secret), 'the note is in the visitor DOM');
    assert.ok(!visitor.recorder.contains(secret), 'the visitor received the note text');
    // The recorders do see what matters: the note in the console's, the replies in the visitor's.
    assert.ok(agent.recorder.contains(secret), 'the console recorder missed the note');
    assert.ok(
      visitor.recorder.contains('photo of the error light'),
      "the visitor recorder missed the frame's socket traffic",
    );

    // Priority and tags, each on the timeline.
    await agent.page.getByLabel('Priority').selectOption('high');
    await agent.page.getByLabel('Tags, separated by commas').fill('Printer, vip');
    await agent.page.getByRole('button', { name: 'Save tags' }).click();
    await agent.page.locator('.tag', { hasText: 'printer' }).waitFor();
    const timeline = agent.page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Priority none → High').waitFor();
    await timeline.getByText('Tags +printer, vip').waitFor();

    // Resolved: the visitor rates 5; the console shows it.
    await agent.page.getByLabel('Status').selectOption('resolved');
    const csat = frame.getByRole('group', { name: 'How did we do?' });
    await csat.waitFor();
    const violations = await axe(await frameOf(visitor.page));
    await csat.locator('label', { hasText: '5 of 5' }).click();
    await frame.getByRole('button', { name: 'Send rating' }).click();
    await frame.getByText('You rated this conversation 5 of 5').waitFor();
    await agent.page.locator('.rating[data-rating="5"]').waitFor();
    await agent.page.evaluate(() => window.scrollTo(0, 0));
    for (const dismiss of await agent.page.getByRole('button', { name: 'Dismiss' }).all()) {
      await dismiss.click();
    }
    violations.push(...(await axe(agent.page)));
    assert.deepEqual(violations, [], `axe (CSAT prompt, rated ticket):\n${violations.join('\n')}`);
    await world.screenshot(agent.page, 'console-rated');
    await world.screenshot(visitor.page, 'widget-rated');
  },
};
