import { execFile } from 'node:child_process';
import { createECDH, ECDH, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer, Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { PushPayload, WebPushSubscription } from '@prontogram/contracts';
import { waitFor } from '@prontogram/e2e-support';
import { decrypt } from 'http_ece';
import { importJWK, jwtVerify } from 'jose';
import { generateVAPIDKeys } from 'web-push';

const run = promisify(execFile);

/** One push as the push service got it. */
export interface ReceivedPush {
  /** The last part of the endpoint's path: which subscription it was for. */
  device: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A browser's side of a subscription, as the Push API makes it: a P-256 key pair whose
 * public half the server encrypts to, and a 16-byte authentication secret.
 */
export class TestDevice {
  private readonly keys: ECDH = createECDH('prime256v1');
  private readonly authSecret = randomBytes(16);

  constructor(readonly subscription: WebPushSubscription) {
    this.keys.generateKeys();
    subscription.keys = {
      p256dh: this.keys.getPublicKey('base64url'),
      auth: this.authSecret.toString('base64url'),
    };
  }

  /** Decrypts a push for this device (RFC 8291, aes128gcm), as the browser would. */
  read(push: ReceivedPush): PushPayload {
    const plain = decrypt(push.body, {
      version: 'aes128gcm',
      privateKey: this.keys,
      authSecret: this.authSecret.toString('base64url'),
    });
    return JSON.parse(plain.toString('utf8')) as PushPayload;
  }
}

/**
 * A browser's push service on loopback, over HTTPS with a certificate made for the test
 * (the API trusts it through NODE_EXTRA_CA_CERTS): it records each push and answers
 * `201 Created`, or what `answers` says for a device.
 */
export class LoopbackPushService {
  readonly pushes: ReceivedPush[] = [];
  /** Status to answer per device; 201 when not set. */
  readonly answers = new Map<string, number>();
  private devices = 0;

  private constructor(
    private readonly server: Server,
    private readonly directory: string,
    readonly certificateFile: string,
  ) {
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const device = (request.url ?? '').split('/').pop() ?? '';
        this.pushes.push({ device, headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(this.answers.get(device) ?? 201).end();
      });
    });
  }

  static async start(): Promise<LoopbackPushService> {
    const directory = await mkdtemp(path.join(tmpdir(), 'prontogram-push-'));
    const certificateFile = path.join(directory, 'cert.pem');
    const keyFile = path.join(directory, 'key.pem');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certificateFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]);
    const server = createServer({
      cert: await readFile(certificateFile),
      key: await readFile(keyFile),
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return new LoopbackPushService(server, directory, certificateFile);
  }

  get origin(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A new device (browser profile) whose subscription points here. */
  newDevice(): TestDevice {
    this.devices += 1;
    return new TestDevice({
      endpoint: `${this.origin}/push/device-${this.devices}-${randomBytes(4).toString('hex')}`,
      keys: { p256dh: '', auth: '' },
    });
  }

  pushesTo(device: TestDevice): ReceivedPush[] {
    const id = device.subscription.endpoint.split('/').pop();
    return this.pushes.filter((push) => push.device === id);
  }

  async waitForPushes(device: TestDevice, count: number): Promise<ReceivedPush[]> {
    await waitFor(
      async () => this.pushesTo(device).length,
      (got) => got >= count,
      { what: `${count} push(es) to ${device.subscription.endpoint}` },
    );
    return this.pushesTo(device);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    await rm(this.directory, { recursive: true, force: true });
  }
}

/** What a suite with Web Push uses: the push service, and the API settings that point at it. */
export interface PushSuite {
  readonly service: LoopbackPushService;
  readonly vapid: { publicKey: string; privateKey: string };
  readonly subject: string;
  /**
   * The API's settings for push: filled in by this suite's `beforeAll`, so pass this object
   * to the API's suite helper after calling `pushServiceForSuite`.
   */
  readonly settings: Record<string, string>;
}

/**
 * A loopback push service for the tests of the enclosing `describe`, started before them and
 * stopped after; a VAPID key pair; and the settings with which the API pushes there, trusting
 * its certificate.
 */
export function pushServiceForSuite(): PushSuite {
  const vapid = generateVAPIDKeys();
  const subject = 'mailto:ops@prontogram.example';
  const settings: Record<string, string> = {
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: subject,
    PUSH_SERVICE_HOSTS: '127.0.0.1',
  };
  let service: LoopbackPushService | undefined;
  beforeAll(async () => {
    service = await LoopbackPushService.start();
    settings['NODE_EXTRA_CA_CERTS'] = service.certificateFile;
  });
  afterAll(() => service?.stop());
  return {
    vapid,
    subject,
    settings,
    get service(): LoopbackPushService {
      if (!service) throw new Error('The push service of this suite is not running');
      return service;
    },
  };
}

/** An instance's count of push notifications with this outcome, from its /metrics. */
export async function pushesCounted(
  instance: { baseUrl: string },
  outcome: 'sent' | 'gone' | 'failed' | 'page_open' | 'coalesced',
): Promise<number> {
  const metrics = await (await fetch(`${instance.baseUrl}/metrics`)).text();
  const line = new RegExp(
    `^prontogram_push_notifications_total\\{outcome="${outcome}"\\} (\\d+)`,
    'm',
  );
  return Number(line.exec(metrics)?.[1] ?? NaN);
}

/**
 * Checks the VAPID `Authorization` header (RFC 8292): `vapid t=<JWT>, k=<public key>`, the JWT
 * signed with ES256 by that key, for this push service's origin. Returns its claims.
 */
export async function vapidClaims(
  headers: IncomingHttpHeaders,
  publicKey: string,
): Promise<{ aud: string; sub: string; exp: number }> {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(headers.authorization ?? '');
  if (!match) throw new Error(`not a VAPID authorization: ${headers.authorization}`);
  const [, token, key] = match;
  if (key !== publicKey) throw new Error('the push was signed for another VAPID key');
  const point = Buffer.from(publicKey, 'base64url');
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33, 65).toString('base64url'),
  };
  const { payload } = await jwtVerify(token, await importJWK(jwk, 'ES256'), {
    algorithms: ['ES256'],
  });
  return payload as { aud: string; sub: string; exp: number };
}
