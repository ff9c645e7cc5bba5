// Delta debugging (Zeller and Hildebrandt, "Simplifying and Isolating Failure-Inducing Input", IEEE TSE
// 2002): shrinks a failing list to a 1-minimal one by removing chunks, halving the chunk size whenever no
// chunk can go. Each candidate keeps the original order.

export interface ShrinkResult<T> {
	readonly items: T[];
	/** How often `fails` ran. */
	readonly runs: number;
}

/** A sublist of `items` on which `fails` still holds; stops early after `maxRuns` tries. */
export async function shrinkFailing<T>(
	items: readonly T[],
	fails: (candidate: T[]) => Promise<boolean>,
	maxRuns = Infinity,
): Promise<ShrinkResult<T>> {
	let current = [...items];
	let parts = 2;
	let runs = 0;
	const tryCandidate = async (candidate: T[]) => {
		runs++;
		return fails(candidate);
	};
	while (current.length >= 2 && runs < maxRuns) {
		const size = Math.ceil(current.length / parts);
		const chunks: T[][] = [];
		for (let at = 0; at < current.length; at += size) chunks.push(current.slice(at, at + size));
		let reduced = false;
		// Removing one chunk (its complement) first: a step sequence usually needs its context.
		for (let i = 0; i < chunks.length && !reduced && runs < maxRuns; i++) {
			const complement = chunks.filter((_, j) => j !== i).flat();
			if (await tryCandidate(complement)) {
				current = complement;
				parts = Math.max(parts - 1, 2);
				reduced = true;
			}
		}
		for (let i = 0; i < chunks.length && !reduced && chunks.length > 2 && runs < maxRuns; i++) {
			if (await tryCandidate(chunks[i]!)) {
				current = chunks[i]!;
				parts = 2;
				reduced = true;
			}
		}
		if (reduced) continue;
		if (parts >= current.length) break;
		parts = Math.min(parts * 2, current.length);
	}
	return { items: current, runs };
}
