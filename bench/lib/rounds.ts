// Other work on a shared machine comes and goes; measuring one side after the other would hand
// each side a different machine. Sides therefore take turns in short rounds, in ABBA order, and
// each side's figures pool all its rounds.

/** Runs `measure(side, round)` for every side in every round, alternating which side starts. */
export async function alternate(
  sides: number,
  rounds: number,
  measure: (side: number, round: number) => Promise<void>,
): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const order = Array.from({ length: sides }, (_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const side of order) await measure(side, round);
  }
}
