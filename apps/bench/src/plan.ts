/** What one bench run measures, and how hard. `smoke` only proves that every part works. */
export interface BenchPlan {
  mode: 'full' | 'smoke';
  ingestion: { concurrencies: number[]; seconds: number; warmupSeconds: number; receivers: number };
  endToEnd: { readers: number; rates: number[]; seconds: number; sequentialMessages: number };
  backlog: { sizes: number[] };
  sessions: { readers: number; connectConcurrency: number };
}

export const FULL_PLAN: BenchPlan = {
  mode: 'full',
  ingestion: { concurrencies: [1, 16, 64], seconds: 10, warmupSeconds: 2, receivers: 50 },
  endToEnd: { readers: 1000, rates: [500, 1000], seconds: 10, sequentialMessages: 1000 },
  backlog: { sizes: [10_000, 100_000] },
  sessions: { readers: 10_000, connectConcurrency: 500 },
};

export const SMOKE_PLAN: BenchPlan = {
  mode: 'smoke',
  ingestion: { concurrencies: [1, 16], seconds: 1, warmupSeconds: 0.5, receivers: 5 },
  endToEnd: { readers: 20, rates: [50], seconds: 1, sequentialMessages: 20 },
  backlog: { sizes: [300] },
  sessions: { readers: 50, connectConcurrency: 25 },
};

export type SectionName = 'ingestion' | 'endToEnd' | 'backlog' | 'sessions';
export const SECTIONS: SectionName[] = ['ingestion', 'endToEnd', 'backlog', 'sessions'];
