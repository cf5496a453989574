// Tells scripts/build.js which build folders running instances load from, so it never prunes one.
import { existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Marks this process's build folder as in use until it exits; a no-op outside such a build. */
export function markBuildInUse(): void {
  const build = join(__dirname, '..', '..');
  if (!existsSync(join(build, '.build-complete'))) return;
  const marker = join(build, '.in-use', String(process.pid));
  try {
    mkdirSync(join(build, '.in-use'), { recursive: true });
    writeFileSync(marker, '');
    process.once('exit', () => {
      try {
        unlinkSync(marker);
      } catch {
        // Already gone: nothing to undo.
      }
    });
  } catch {
    // A read-only image cannot be pruned either: nothing to protect.
  }
}
