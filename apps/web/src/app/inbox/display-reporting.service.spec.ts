import { WritableSignal, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FakeInboxConnection } from '../../testing/fake-inbox-connection';
import { inboxMessage } from '../../testing/inbox-message';
import { DisplayReportingService } from './display-reporting.service';
import { InboxConnectionService, ReportDeferred } from './inbox-connection.service';
import { InboxStore } from './inbox.store';
import { PageVisibilityService } from './page-visibility.service';

describe('DisplayReportingService', () => {
  let connection: FakeInboxConnection;
  let visible: WritableSignal<boolean>;
  let store: InboxStore;
  let reporting: DisplayReportingService;

  /** The page renders; then the answers to the reports that rendering set off arrive. */
  async function render(): Promise<void> {
    TestBed.tick();
    await jest.advanceTimersByTimeAsync(0);
  }

  /** What the server was told, one array per report. */
  const reported = () => connection.report.mock.calls.map(([ids]) => ids);

  beforeEach(() => {
    jest.useFakeTimers();
    localStorage.clear();
    connection = new FakeInboxConnection();
    connection.status.set('connected');
    visible = signal(true);
    TestBed.configureTestingModule({
      providers: [
        { provide: InboxConnectionService, useValue: connection },
        { provide: PageVisibilityService, useValue: { visible: visible.asReadonly() } },
      ],
    });
    store = TestBed.inject(InboxStore);
    store.open('mario');
    reporting = TestBed.inject(DisplayReportingService);
  });

  afterEach(() => jest.useRealTimers());

  it('reports a message displayed only after the page rendered it', async () => {
    const shown = inboxMessage();
    store.receive([shown]);
    reporting.reportWhenRendered();
    expect(reported()).toEqual([]);

    await render();

    expect(reported()).toEqual([[shown.id]]);
    expect(store.messages()[0].state).toBe('seen');
  });

  it('reports nothing while the page is hidden, and what is on it once it is visible', async () => {
    visible.set(false);
    const [first, second] = [inboxMessage(), inboxMessage()];
    store.receive([first]);
    reporting.reportWhenRendered();
    await render();
    store.receive([second]);
    reporting.reportWhenRendered();
    await render();
    expect(reported()).toEqual([]);
    expect(store.idsToReport()).toHaveLength(2);

    visible.set(true);
    await render();

    expect(reported()).toEqual([[second.id, first.id]]);
    expect(store.idsToReport()).toEqual([]);
  });

  it('reports a rendered message once, however often the page renders or comes back', async () => {
    store.receive([inboxMessage()]);
    reporting.reportWhenRendered();
    await render();

    reporting.reportWhenRendered();
    await render();
    visible.set(false);
    await render();
    visible.set(true);
    await render();
    connection.status.set('reconnecting');
    await render();
    connection.status.set('connected');
    await render();

    expect(reported()).toHaveLength(1);
  });

  it('waits for the connection, and reports once it is back', async () => {
    connection.status.set('reconnecting');
    const shown = inboxMessage();
    store.receive([shown]);
    reporting.reportWhenRendered();
    await render();
    expect(reported()).toEqual([]);

    connection.status.set('connected');
    await render();

    expect(reported()).toEqual([[shown.id]]);
  });

  it('reports again after the delay the server asked for when it deferred a report', async () => {
    connection.report.mockRejectedValueOnce(new ReportDeferred(2_000));
    const shown = inboxMessage();
    store.receive([shown]);
    reporting.reportWhenRendered();
    await render();
    expect(reported()).toEqual([[shown.id]]);
    expect(store.idsToReport()).toEqual([shown.id]);

    await jest.advanceTimersByTimeAsync(1_999);
    await render();
    expect(reported()).toHaveLength(1);

    await jest.advanceTimersByTimeAsync(1);
    await render();

    expect(reported()).toEqual([[shown.id], [shown.id]]);
    expect(store.idsToReport()).toEqual([]);
  });

  it('keeps what a report that got no answer held, and reports it again', async () => {
    connection.report.mockRejectedValueOnce(new Error('operation has timed out'));
    const shown = inboxMessage();
    store.receive([shown]);
    reporting.reportWhenRendered();
    await render();
    await render();

    expect(reported()).toEqual([[shown.id], [shown.id]]);
    expect(store.idsToReport()).toEqual([]);
  });

  it('reports again what was displayed before and is owed a report', async () => {
    const shown = inboxMessage();
    store.receive([shown]);
    store.markSeen([shown.id]);

    // Delivered again after a reconnect: this page had displayed it, so it says so again.
    reporting.reportWhenRendered(store.receive([shown]).alreadySeen);
    await render();

    expect(reported()).toEqual([[shown.id]]);
  });

  it('drops what it owed, and a deferred report, when the inbox closes', async () => {
    connection.report.mockRejectedValueOnce(new ReportDeferred(1_000));
    reporting.reportWhenRendered(['dismissed-before-its-report']);
    await render();

    reporting.reset();
    await jest.advanceTimersByTimeAsync(1_000);
    await render();

    expect(reported()).toEqual([['dismissed-before-its-report']]);
  });
});
