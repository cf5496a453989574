// axe-core in a page or frame: the serious and critical violations of what is on screen.
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Serious and critical violations on the current screen (`include`: only that part of it). */
export async function axe(target: Page | Frame, include?: string): Promise<string[]> {
  await target.evaluate(AXE);
  const violations = await target.evaluate(async (selector) => {
    const run = (
      window as unknown as {
        axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Violation[] }> };
      }
    ).axe.run;
    const result = await run(selector === undefined ? document : { include: [[selector]] }, {
      resultTypes: ['violations'],
    });
    return result.violations;
  }, include);
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
    );
}
