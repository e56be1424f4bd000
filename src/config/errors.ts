/** An error the user fixes by changing configuration: printed as one line, exit code 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Bad configuration: one line naming the flag, variable or file key to fix. Its code is
 * `USAGE` (it is a UsageError), so the CLI exits with status 2. The message never carries a
 * credential's value.
 */
export class ConfigError extends UsageError {
  /** The flag, variable or `file: key` the user has to change. */
  readonly setting: string;

  constructor(message: string, setting: string, options?: { cause?: unknown }) {
    super(message);
    this.name = 'ConfigError';
    this.setting = setting;
    if (options?.cause !== undefined) this.cause = options.cause;
  }

  /** `--poll-interval: "5x" is not a duration (…)` */
  static invalid(setting: string, problem: string, options?: { cause?: unknown }): ConfigError {
    return new ConfigError(`${setting}: ${problem}`, setting, options);
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}

/** Anything thrown, as an Error: non-errors are wrapped, with the original as `cause`. */
export function coerceError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === 'string') return new Error(value, { cause: value });
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return new Error(`non-error thrown: ${text}`, { cause: value });
}
