/** An error the user fixes by changing configuration: printed as one line, exit code 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function formatCliError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof Error && (error as { code?: unknown }).code === 'USAGE') return 2;
  return 1;
}
