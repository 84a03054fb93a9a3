import { inboxQueueOf, send, testMessage, uniqueUsername, waitFor } from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';

/** A scrape of `/metrics`, each series (name and labels) with its value. */
type Scrape = Map<string, number>;

describe('GET /metrics', () => {
  const username = uniqueUsername('metrics');
  const suite = startApiForSuite({ queuesToDelete: () => [inboxQueueOf(username)] });

  const scrape = async (): Promise<Scrape> => {
    const response = await fetch(`${suite.api.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    const series = (await response.text())
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const at = line.lastIndexOf(' ');
        return [line.slice(0, at), Number(line.slice(at + 1))] as const;
      });
    return new Map(series);
  };
  /** How far each named series moved between two scrapes. */
  const moved = (before: Scrape, after: Scrape, name: string): number =>
    (after.get(name) ?? 0) - (before.get(name) ?? 0);

  it("exposes ProntoGram's counters, histograms and gauges, and Node's own, as Prometheus text", async () => {
    const response = await fetch(`${suite.api.baseUrl}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const family of [
      'prontogram_messages_accepted_total counter',
      'prontogram_messages_rejected_total counter',
      'prontogram_messages_delivered_total counter',
      'prontogram_messages_redelivered_total counter',
      'prontogram_messages_displayed_total counter',
      'prontogram_messages_expired_total counter',
      'prontogram_publish_confirm_seconds histogram',
      'prontogram_accepted_to_displayed_seconds histogram',
      'prontogram_sessions_connected gauge',
      'prontogram_consumers_active gauge',
      'prontogram_broker_up gauge',
      'process_resident_memory_bytes gauge',
      'nodejs_eventloop_lag_p99_seconds gauge',
    ]) {
      expect(text).toContain(`# TYPE ${family}`);
    }
    // One instance, no Redis: no Redis series to alarm on.
    expect(text).not.toContain('prontogram_redis_up');
    expect((await scrape()).get('prontogram_broker_up')).toBe(1);
  });

  it('moves the counters as a message is sent, refused, delivered, displayed and expires', async () => {
    const start = await scrape();
    const accepted = await send(suite.api, username, 'counted');
    const refused = await suite.api.postJson('/messages', { ...testMessage({ receiver: '' }) });
    expect(refused.status).toBe(400);
    let now = await scrape();
    expect(moved(start, now, 'prontogram_messages_accepted_total')).toBe(1);
    expect(moved(start, now, 'prontogram_messages_rejected_total{reason="invalid"}')).toBe(1);
    expect(moved(start, now, 'prontogram_publish_confirm_seconds_count{outcome="confirmed"}')).toBe(
      1,
    );

    const page = await InboxClient.connect(suite.api.baseUrl, { username });
    try {
      await page.waitForDelivery(accepted.id);
      now = await scrape();
      expect(moved(start, now, 'prontogram_messages_delivered_total')).toBe(1);
      expect(now.get('prontogram_sessions_connected')).toBe(1);
      expect(now.get('prontogram_consumers_active')).toBe(1);

      expect((await page.report([accepted.id])).deleted).toEqual([accepted.id]);
      now = await scrape();
      expect(moved(start, now, 'prontogram_messages_displayed_total')).toBe(1);
      expect(moved(start, now, 'prontogram_accepted_to_displayed_seconds_count')).toBe(1);

      // On screen, never reported, and gone after its second of life.
      const shortLived = await send(suite.api, username, 'short-lived', { ttlSeconds: 1 });
      await page.waitForDelivery(shortLived.id);
      await waitFor(
        scrape,
        (after) => moved(start, after, 'prontogram_messages_expired_total') === 1,
        { what: 'the expired counter to move' },
      );
    } finally {
      page.close();
    }
    await waitFor(
      scrape,
      (after) =>
        after.get('prontogram_sessions_connected') === 0 &&
        after.get('prontogram_consumers_active') === 0,
      { what: 'the session and consumer gauges to fall back to 0' },
    );
  });
});
