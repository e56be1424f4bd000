export interface BenchSuite {
  name: string;
  run(): Promise<Record<string, unknown>>;
}

// Suites in the order they run. Each lives in its own file in this folder.
export const suites: BenchSuite[] = [];
