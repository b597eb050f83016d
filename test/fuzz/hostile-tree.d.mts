/** Types of hostile-tree.mjs (plain JavaScript, so that `node` runs it as it is). */
export const repoRoot: string;
export const UNICODE_SPACES: string[];
export function zeroBomb(sixteenMiBBlocks: number): Buffer;
export function makeHostileTree(dir: string, options?: { full?: boolean }): string[];
