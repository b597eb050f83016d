export interface Derivation {
  package: string;
  args: string[];
}
export const DERIVATIONS: Derivation[];
export function deriveArgs(d: Derivation, extra?: string[]): string[];
