/** How the CLI prints an error and which exit code it gets (a UsageError, from config/, exits 2). */
export function formatCliError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof Error && (error as { code?: unknown }).code === 'USAGE') return 2;
  return 1;
}
