// `npm run test:browser [name filter]`: the web clients in a real browser (Debian's Chromium
// through playwright-core) against the built app, the host page on another origin. Not part of
// `npm test`; it fails when there is no browser. Screenshots go to artifacts/screenshots/.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { accessibilityScenario } from './scenarios/accessibility';
import { anonymousReloadScenario } from './scenarios/anonymous-reload';
import { embeddingScenario } from './scenarios/embedding';
import { identifiedVisitorScenario } from './scenarios/identified-visitor';
import { offlineReplayScenario } from './scenarios/offline-replay';
import type { Scenario } from './support/scenario';
import { DOCS_SCREENSHOTS, SCREENSHOTS, World } from './support/world';

const SCENARIOS: Scenario[] = [
  identifiedVisitorScenario,
  offlineReplayScenario,
  anonymousReloadScenario,
  accessibilityScenario,
  embeddingScenario,
];

/** The shots the README shows, refreshed by every full run (commit them when they change). */
const DOCS_SHOTS: Record<string, string> = {
  'widget-rated': 'widget.png',
  'console-rated': 'console.png',
};

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const filter = process.argv[2]?.toLowerCase();
  const chosen = SCENARIOS.filter(
    (scenario) => filter === undefined || scenario.name.toLowerCase().includes(filter),
  );
  if (World.chromiumPath() === undefined) {
    log(
      'No browser: Chromium was not found at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM_PATH).',
    );
    return 1;
  }
  const started = Date.now();
  const world = await World.start(log);
  let failed = 0;
  let passed = 0;
  let skipped = 0;
  try {
    for (const scenario of chosen) {
      const skip = scenario.skip?.(world);
      if (skip !== undefined) {
        log(`- skipped: ${scenario.name} (${skip})`);
        skipped += 1;
        continue;
      }
      const begun = Date.now();
      try {
        await scenario.run(world);
        passed += 1;
        log(`✓ ${scenario.name} (${((Date.now() - begun) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failed += 1;
        log(
          `✗ ${scenario.name}\n  ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        for (const context of world.browser.contexts()) {
          for (const [index, page] of context.pages().entries()) {
            await world.screenshot(page, `failure-${index}`).catch(() => undefined);
          }
        }
      }
    }
    if (world.problems.length > 0) {
      failed += 1;
      log(
        `✗ the pages reported CSP, Trusted Types or script errors:\n  ${world.problems.join('\n  ')}`,
      );
    }
  } finally {
    await world.stop();
  }
  if (filter === undefined) {
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    for (const [shot, name] of Object.entries(DOCS_SHOTS)) {
      const file = world.shots.get(shot);
      if (file !== undefined) copyFileSync(file, join(DOCS_SCREENSHOTS, name));
    }
  }
  log(
    `${passed} passed, ${failed} failed, ${skipped} skipped in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${SCREENSHOTS}`,
  );
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(
      `browser tests could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
