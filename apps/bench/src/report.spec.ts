import { LatencyHistogram } from './histogram';
import { markdownTable } from './report';
import { inBatches } from './reader';

describe('the bench arithmetic', () => {
  it('reads percentiles back in milliseconds with three significant digits', () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms++) histogram.recordMs(ms);
    const summary = histogram.summary();
    expect(summary.count).toBe(100);
    expect(summary.p50).toBeCloseTo(50, 0);
    expect(summary.p99).toBeCloseTo(99, 0);
    expect(summary.max).toBeCloseTo(100, 0);
  });

  it('keeps sub-millisecond latencies', () => {
    const histogram = new LatencyHistogram();
    histogram.recordMs(0.25);
    expect(histogram.percentileMs(50)).toBeCloseTo(0.25, 2);
  });

  it('prints aligned Markdown tables', () => {
    expect(markdownTable(['a', 'long header'], [[1, 'x']])).toBe(
      ['| a | long header |', '| - | ----------- |', '| 1 | x           |'].join('\n'),
    );
  });

  it('runs work with bounded concurrency and keeps the order of results', async () => {
    let running = 0;
    let most = 0;
    const results = await inBatches([1, 2, 3, 4, 5, 6], 2, async (item) => {
      running++;
      most = Math.max(most, running);
      await Promise.resolve();
      running--;
      return item * 10;
    });
    expect(results).toEqual([10, 20, 30, 40, 50, 60]);
    expect(most).toBe(2);
  });
});
