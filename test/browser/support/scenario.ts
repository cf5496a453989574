// A browser scenario: a name and what it does; it throws (node:assert) when the product fails it.
import type { World } from './world';

export interface Scenario {
  name: string;
  /** Why it cannot run on this build (a route of another branch missing), or undefined. */
  skip?: (world: World) => string | undefined;
  run: (world: World) => Promise<void>;
}
