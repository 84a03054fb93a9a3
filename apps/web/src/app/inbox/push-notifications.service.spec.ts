import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { SwPush } from '@angular/service-worker';
import { FakeInboxConnection } from '../../testing/fake-inbox-connection';
import { FakeSwPush, fakePushSubscription } from '../../testing/fake-sw-push';
import { InboxConnectionService } from './inbox-connection.service';
import { PushNotificationsService } from './push-notifications.service';

const PUBLIC_KEY = 'BPublicKeyOfTheServer';

describe('PushNotificationsService', () => {
  let swPush: FakeSwPush;
  let connection: FakeInboxConnection;
  let http: HttpTestingController;
  let push: PushNotificationsService;
  let permission: NotificationPermission;

  beforeEach(() => {
    swPush = new FakeSwPush();
    connection = new FakeInboxConnection();
    permission = 'default';
    Object.defineProperty(window, 'Notification', {
      configurable: true,
      value: {
        get permission() {
          return permission;
        },
      },
    });
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: SwPush, useValue: swPush },
        { provide: InboxConnectionService, useValue: connection },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    push = TestBed.inject(PushNotificationsService);
  });

  afterEach(() => http.verify());

  /** Starts, answering the public-key request as the server would (404: push is off). */
  const start = async (answer: 'key' | 'off' = 'key') => {
    const started = push.start();
    const request = http.expectOne('/push/public-key');
    if (answer === 'key') request.flush({ publicKey: PUBLIC_KEY });
    else request.flush('notifications are off', { status: 404, statusText: 'Not Found' });
    await started;
  };

  it('offers notifications, then subscribes with the server key and hands the subscription over', async () => {
    await start();
    expect(push.state()).toBe('ask');

    await push.enable();

    expect(swPush.requestSubscription).toHaveBeenCalledWith({ serverPublicKey: PUBLIC_KEY });
    expect(connection.subscribePush).toHaveBeenCalledWith({
      endpoint: 'https://fcm.googleapis.com/fcm/send/device-1',
      expirationTime: null,
      keys: { p256dh: 'BP256', auth: 'AUTH' },
    });
    expect(push.state()).toBe('on');
  });

  it('says notifications are blocked when the person refuses', async () => {
    await start();
    swPush.grant = 'refused';
    permission = 'denied';

    await push.enable();

    expect(push.state()).toBe('denied');
    expect(connection.subscribePush).not.toHaveBeenCalled();
  });

  it('says it failed, to try again, when the browser or the server could not set it up', async () => {
    await start();
    swPush.grant = 'refused'; // permission still 'default': the push service failed
    await push.enable();
    expect(push.state()).toBe('failed');

    swPush.grant = 'yes';
    connection.subscribePush.mockResolvedValueOnce({ ok: false, error: 'not a push service' });
    await push.enable();
    expect(push.state()).toBe('failed');

    await push.enable();
    expect(push.state()).toBe('on');
  });

  it('starts as blocked where the browser already refuses notifications for the site', async () => {
    permission = 'denied';
    await start();
    expect(push.state()).toBe('denied');
  });

  it('tells the server again of a subscription this browser already has', async () => {
    swPush.current.next(fakePushSubscription('https://fcm.googleapis.com/fcm/send/earlier'));
    await start();
    expect(connection.subscribePush).toHaveBeenCalledWith(
      expect.objectContaining({ endpoint: 'https://fcm.googleapis.com/fcm/send/earlier' }),
    );
    expect(push.state()).toBe('on');
  });

  it('offers nothing without a service worker, or when the server sends no notifications', async () => {
    await start('off');
    expect(push.state()).toBe('unavailable');

    swPush.isEnabled = false;
    await push.start();
    expect(push.state()).toBe('unsupported');
  });

  it('signs out at once where there is no service worker (its subscription never answers)', async () => {
    swPush.isEnabled = false;
    await push.disable();
    expect(connection.unsubscribePush).not.toHaveBeenCalled();
  });

  it('on sign-out, takes the subscription back from the server and the browser', async () => {
    await start();
    await push.enable();

    await push.disable();

    expect(connection.unsubscribePush).toHaveBeenCalledWith(
      'https://fcm.googleapis.com/fcm/send/device-1',
    );
    expect(swPush.unsubscribe).toHaveBeenCalled();
    expect(push.state()).toBe('ask');
  });
});
