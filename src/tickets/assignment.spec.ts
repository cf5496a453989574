import { AssignmentCandidate, chooseAssignee, cycleAfter } from '@/tickets/assignment';

const csr = (id: string, load = 0, eligible = true): AssignmentCandidate => ({
  id,
  eligible,
  load,
});

/** Runs round robin n times, feeding each choice back as the position, as the cursor row does. */
function run(candidates: AssignmentCandidate[], n: number, last: string | null = null): string[] {
  const chosen: string[] = [];
  for (let i = 0; i < n; i++) {
    last = chooseAssignee('round_robin', candidates, last);
    chosen.push(last!);
  }
  return chosen;
}

describe('chooseAssignee', () => {
  it('leaves the ticket unassigned when no CSR is eligible, whatever the strategy', () => {
    for (const strategy of ['round_robin', 'random', 'least_loaded'] as const) {
      expect(chooseAssignee(strategy, [], null)).toBeNull();
      expect(chooseAssignee(strategy, [csr('a', 0, false)], 'a')).toBeNull();
    }
  });

  it('round robin follows the fixed order and wraps around', () => {
    expect(run([csr('a'), csr('b'), csr('c')], 7)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('round robin continues after the last assignee, even one no longer eligible', () => {
    const candidates = [csr('a'), csr('b', 0, false), csr('c'), csr('d')];
    expect(chooseAssignee('round_robin', candidates, 'b')).toBe('c');
    expect(run(candidates, 4, 'b')).toEqual(['c', 'd', 'a', 'c']);
  });

  it('round robin starts from the top when the last assignee is unknown', () => {
    expect(chooseAssignee('round_robin', [csr('a'), csr('b')], 'gone')).toBe('a');
  });

  it('a CSR created mid-way joins the cycle in turn', () => {
    const before = run([csr('a'), csr('b')], 3);
    expect(before).toEqual(['a', 'b', 'a']);
    expect(run([csr('a'), csr('b'), csr('c')], 4, 'a')).toEqual(['b', 'c', 'a', 'b']);
  });

  it('least loaded picks the fewest open tickets, ties in round-robin order', () => {
    const candidates = [csr('a', 2), csr('b', 1), csr('c', 1), csr('d', 3)];
    expect(chooseAssignee('least_loaded', candidates, null)).toBe('b');
    expect(chooseAssignee('least_loaded', candidates, 'b')).toBe('c');
    expect(chooseAssignee('least_loaded', candidates, 'c')).toBe('b');
    expect(chooseAssignee('least_loaded', [csr('a', 0, false), csr('b', 4)], 'a')).toBe('b');
  });

  it('random picks among eligible CSRs only, by the given random number', () => {
    const candidates = [csr('a'), csr('b', 0, false), csr('c'), csr('d')];
    expect(chooseAssignee('random', candidates, null, () => 0)).toBe('a');
    expect(chooseAssignee('random', candidates, null, () => 0.34)).toBe('c');
    expect(chooseAssignee('random', candidates, null, () => 0.999)).toBe('d');
  });
});

describe('cycleAfter', () => {
  it('lists the eligible candidates in the order they are due', () => {
    const candidates = [csr('a'), csr('b'), csr('c', 0, false), csr('d')];
    expect(cycleAfter(candidates, 'b').map((c) => c.id)).toEqual(['d', 'a', 'b']);
    expect(cycleAfter(candidates, null).map((c) => c.id)).toEqual(['a', 'b', 'd']);
  });
});
