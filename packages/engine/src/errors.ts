/**
 * Errors a user can fix: they print as one line, without a stack, and exit 2. Anything else that
 * escapes is an internal error and prints its stack.
 */
export class UpliftError extends Error {
  readonly exitCode = 2;
}

/** A flag or argument that does not make sense; the message says what to type instead. */
export class UsageError extends UpliftError {
  override name = "UsageError";
}

/** A problem in a file the user wrote for Uplift: a config, a rule pack, a profile, a baseline. */
export class FileError extends UpliftError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line ? `:${line}` : ""}: ${detail}`);
  }
}

export class ConfigError extends FileError {
  override name = "ConfigError";
}

export class RulePackError extends FileError {
  override name = "RulePackError";
}
