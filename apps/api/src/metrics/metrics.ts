import { RECEIPT_EVENTS } from '@prontogram/contracts';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Why `POST /messages` was refused, from its answer (`http-metrics.ts`). */
export const REJECTION_REASONS = [
  'invalid',
  'unauthorized',
  'forbidden',
  'inbox_full',
  'in_progress',
  'too_large',
  'unsupported_type',
  'key_reused',
  'rate_limited',
  'unavailable',
  'error',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/**
 * What ProntoGram counts, for Prometheus at `/metrics`. Counters and histograms are moved
 * where things happen; gauges are read when Prometheus scrapes (`state-gauges.ts`). Each
 * counts what this instance saw: Prometheus adds instances up.
 */
export class Metrics {
  readonly accepted: Counter;
  readonly rejected: Counter<'reason'>;
  readonly delivered: Counter;
  readonly redelivered: Counter;
  readonly displayed: Counter;
  readonly expired: Counter;
  readonly deadLettered: Counter;
  readonly receiptsRecorded: Counter<'event'>;
  readonly receiptDeliveries: Counter<'outcome'>;
  readonly receiptsParked: Counter;
  readonly pushes: Counter<'outcome'>;
  readonly publishSeconds: Histogram<'outcome'>;
  readonly acceptedToDisplayedSeconds: Histogram;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    const counter = (name: string, help: string): Counter =>
      new Counter({ name: `prontogram_messages_${name}_total`, help, registers });
    // Every value from 0, so that a first one shows as an increase, not as a new series.
    const labelled = <Label extends string>(
      name: string,
      help: string,
      label: Label,
      values: readonly string[],
    ): Counter<Label> => {
      const made = new Counter({ name, help, labelNames: [label], registers });
      for (const value of values) made.inc({ [label]: value } as Record<Label, string>, 0);
      return made;
    };
    const seconds = <Label extends string = string>(
      name: string,
      help: string,
      buckets: number[],
      labelNames: Label[] = [],
    ): Histogram<Label> =>
      new Histogram({ name: `prontogram_${name}_seconds`, help, buckets, labelNames, registers });
    this.accepted = counter(
      'accepted',
      'Messages RabbitMQ confirmed into an inbox (POST /messages answered 202)',
    );
    this.rejected = labelled(
      'prontogram_messages_rejected_total',
      'POST /messages refused, by reason',
      'reason',
      REJECTION_REASONS,
    );
    this.delivered = counter('delivered', "Messages handed to a person's pages");
    this.redelivered = counter(
      'redelivered',
      'Deliveries RabbitMQ marked as redelivered (delivered before, not acked)',
    );
    this.displayed = counter(
      'displayed',
      'Messages a page reported displayed, and so deleted from their queue',
    );
    this.expired = counter(
      'expired',
      'Messages this instance found expired before anyone displayed them',
    );
    this.deadLettered = counter(
      'dead_lettered',
      'Messages that left an inbox unseen, their lifetime over (all instances see each once)',
    );
    this.receiptsRecorded = labelled(
      'prontogram_receipts_recorded_total',
      'Receipts for senders made durable in RabbitMQ, by event',
      'event',
      RECEIPT_EVENTS,
    );
    this.receiptDeliveries = labelled(
      'prontogram_receipt_deliveries_total',
      "Calls of senders' webhooks, by outcome",
      'outcome',
      ['delivered', 'failed'],
    );
    this.receiptsParked = new Counter({
      name: 'prontogram_receipts_parked_total',
      help: 'Receipts given up on after RECEIPT_RETRY_FOR_SECONDS, parked for an operator',
      registers,
    });
    this.pushes = labelled(
      'prontogram_push_notifications_total',
      'Web Push notifications, by outcome (gone: the subscription was removed; page_open: not sent, a page of the person was open; coalesced: not sent, within PUSH_MIN_INTERVAL_SECONDS of the last push to the person; dropped: not sent, too many pushes waiting)',
      'outcome',
      ['sent', 'gone', 'failed', 'page_open', 'coalesced', 'dropped'],
    );
    this.publishSeconds = seconds(
      'publish_confirm',
      "Time from publishing a message to RabbitMQ's answer, by outcome",
      [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      ['outcome'],
    );
    this.acceptedToDisplayedSeconds = seconds(
      'accepted_to_displayed',
      'Time from accepting a message to a page reporting it displayed',
      [0.001, 0.0025, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60, 300, 1800, 3600, 21600, 86400],
    );
  }

  /** A gauge read when Prometheus scrapes, from the state that `read` looks at. */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }
}
