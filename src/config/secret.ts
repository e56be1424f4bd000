import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A credential that cannot be printed by accident: string conversion, JSON, util.inspect and
 * console.log all show `[redacted]`; only `reveal()` returns the value, at the one place that
 * sends it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

export function isSecret(value: unknown): value is Secret {
  return value instanceof Secret;
}

export const REDACTED_TEXT = REDACTED;
