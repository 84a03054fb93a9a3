import { createHash, randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { RunningApi, send, testMessage } from '@prontogram/e2e-support';
import { decodeJwt, SignJWT } from 'jose';
import { expect, expectServerCopiesDeleted, madeUpPerson, test as base } from './fixtures';

/** A second person, for a computer two people share; their queue is deleted afterwards. */
const test = base.extend<{ otherUsername: string }>({ otherUsername: madeUpPerson('web-other') });

type WatchedWindow = Window & { __cspViolations?: string[]; __pwned?: unknown; __inline?: unknown };

/**
 * Records what the Content-Security-Policy blocks: `securitypolicyviolation` events in each
 * document (read with `violations()`), and Chromium's own console and page errors about it.
 */
async function watchCsp(page: Page): Promise<{
  violations: () => Promise<string[] | undefined>;
  reported: string[];
}> {
  await page.addInitScript(() => {
    const watched = window as WatchedWindow;
    watched.__cspViolations = [];
    document.addEventListener(
      'securitypolicyviolation',
      (event) =>
        watched.__cspViolations?.push(
          `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} ` +
            `(${event.sourceFile}:${event.lineNumber})`,
        ),
      true,
    );
  });
  const reported: string[] = [];
  const aboutCsp = (text: string): void => {
    if (/content security policy/i.test(text)) reported.push(text);
  };
  page.on('console', (message) => aboutCsp(message.text()));
  page.on('pageerror', (error) => aboutCsp(error.message));
  return {
    violations: () => page.evaluate(() => (window as WatchedWindow).__cspViolations),
    reported,
  };
}

/** The directives of a Content-Security-Policy, each with its sources. */
function directivesOf(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name.toLowerCase(), sources]),
  );
}

/** The one nonce of a policy's `script-src`, checked to be the only way an inline script runs. */
function scriptNonceOf(policy: string | undefined): string {
  expect(policy, 'Content-Security-Policy header').toBeTruthy();
  const directives = directivesOf(policy as string);
  const scriptSrc = directives.get('script-src') ?? [];
  expect(scriptSrc).toContain("'self'");
  const nonces = scriptSrc.filter((source) => source.startsWith("'nonce-"));
  expect(nonces).toHaveLength(1);
  expect(scriptSrc.filter((source) => /^'unsafe-/.test(source))).toEqual([]);
  expect(policy).not.toContain("'unsafe-inline'");
  expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  const nonce = /^'nonce-(.+)'$/.exec(nonces[0])?.[1] ?? '';
  // 128 bits or more, in base64.
  expect(nonce).toMatch(/^[A-Za-z0-9+/_-]{22,}={0,2}$/);
  expect(directives.get('style-src')).toContain(`'nonce-${nonce}'`);
  return nonce;
}

/** Everything this browser tab keeps: its localStorage and sessionStorage, key by key. */
function storedInBrowser(
  page: Page,
): Promise<{ local: Record<string, string>; session: Record<string, string> }> {
  return page.evaluate(() => {
    const read = (storage: Storage): Record<string, string> => {
      const entries: Record<string, string> = {};
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i) as string;
        entries[key] = storage.getItem(key) ?? '';
      }
      return entries;
    };
    return { local: read(localStorage), session: read(sessionStorage) };
  });
}

/** What of `username` and of `bodies` the storage holds, in keys or in values. */
function traces(stored: Record<string, string>, username: string, bodies: string[]): string[] {
  const person = username.toLowerCase();
  return Object.entries(stored).flatMap(([key, value]) => [
    ...(key.toLowerCase().includes(person) ? [`key ${key}`] : []),
    ...(value.toLowerCase().includes(person) ? [`value of ${key} names ${username}`] : []),
    ...bodies.filter((body) => value.includes(body)).map((body) => `"${body}" in ${key}`),
  ]);
}

test.describe('the page under its security policy', () => {
  test('is served with a fresh-nonce CSP and safe headers, and works with zero violations', async ({
    page,
    api,
    username,
    signIn,
  }) => {
    const csp = await watchCsp(page);

    const first = await page.goto('/');
    expect(first?.status()).toBe(200);
    const headers = first?.headers() ?? {};
    const nonce = scriptNonceOf(headers['content-security-policy']);
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toMatch(
      /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
    );
    // The page carries that answer's nonce on every inline script and style, and no placeholder.
    const html = (await first?.text()) ?? '';
    expect(html).not.toContain('__CSP_NONCE__');
    const inlineTags = html.match(/<(script|style)\b[^>]*>/g) ?? [];
    expect(inlineTags.length).toBeGreaterThan(0);
    for (const tag of inlineTags) {
      if (!/\bsrc=/.test(tag)) expect(tag).toContain(`nonce="${nonce}"`);
    }
    const mainScript = /<script[^>]*\bsrc="([^"]+)"/.exec(html)?.[1];
    expect(mainScript).toBeTruthy();
    const script = await page.request.get(`/${mainScript}`);
    expect(script.headers()['content-type']).toMatch(/javascript/);
    expect(script.headers()['x-content-type-options']).toBe('nosniff');
    expect(await csp.violations()).toEqual([]);

    const second = await page.reload();
    const nonceAgain = scriptNonceOf(second?.headers()['content-security-policy']);
    expect(nonceAgain).not.toBe(nonce);
    // A reload of a page route gets the page, and a policy of its own, too.
    const deepRoute = await page.request.get('/sign-in');
    expect(deepRoute.status()).toBe(200);
    const nonceDeep = scriptNonceOf(deepRoute.headers()['content-security-policy']);
    expect([nonce, nonceAgain]).not.toContain(nonceDeep);
    expect(await csp.violations()).toEqual([]);

    await signIn(page, username);
    await send(api, username, 'Live under CSP: CSP42');
    const messages = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await expect(messages).toHaveCount(1);
    await expect(messages.first()).toContainText('Live under CSP: CSP42');
    await expect(messages.first()).toContainText('Seen');

    // The critical CSS is an inline <style nonce>; styles.css is switched on by an inline
    // <script nonce> at its load. Either blocked, the page would be left unstyled.
    await expect(page.locator('link[rel="stylesheet"][href^="styles-"]')).toHaveAttribute(
      'media',
      'all',
    );
    await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(245, 246, 248)');
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCSS('min-height', '40px');
    await expect(page.locator('.message').first()).toHaveCSS('border-top-left-radius', '12px');

    expect(await csp.violations()).toEqual([]);
    expect(csp.reported).toEqual([]);

    // The watch itself works, and the browser enforces the policy: a script without the
    // nonce is refused, and seen refused.
    await page.evaluate(() => {
      const injected = document.createElement('script');
      injected.textContent = 'window.__inline = 1';
      document.body.append(injected);
    });
    await expect.poll(() => csp.violations()).toEqual([expect.stringContaining('script-src')]);
    expect(await page.evaluate(() => (window as WatchedWindow).__inline)).toBeUndefined();
    await expect.poll(() => csp.reported.length).toBeGreaterThan(0);
  });

  test('shows bodies holding scripts as text, and runs none of them', async ({
    page,
    api,
    username,
    signIn,
  }) => {
    const csp = await watchCsp(page);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const waiting = [
      '<script>window.__pwned=1</script>',
      '<img src=x onerror="window.__pwned=2">',
      '<svg onload="window.__pwned=3">',
    ];
    const live =
      '<iframe srcdoc="<script>parent.__pwned=4</script>"></iframe><a href="javascript:window.__pwned=5">go</a>';
    for (const body of waiting) await send(api, username, body);

    await signIn(page, username);
    await send(api, username, live);

    const list = page.getByRole('list', { name: 'Messages' });
    const bodies = list.locator('.body');
    await expect(bodies).toHaveCount(4);
    for (const body of [...waiting, live]) {
      await expect(bodies.filter({ hasText: body })).toHaveText(body);
    }
    await expect(list.getByText('Seen', { exact: true })).toHaveCount(4);

    await expect(list.locator('script, img, svg, iframe, object, embed, a')).toHaveCount(0);
    await expect(list.locator('[onerror], [onload], [srcdoc]')).toHaveCount(0);
    expect(await page.evaluate(() => (window as WatchedWindow).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    // Rendered as text, nothing was there to block: the policy did not have to step in.
    expect(await csp.violations()).toEqual([]);
    expect(csp.reported).toEqual([]);
  });
});

test.describe('signing out on a shared computer', () => {
  test('warns first, then deletes what this browser kept, so the next person finds nothing', async ({
    page,
    api,
    username: personA,
    otherUsername: personB,
    signIn,
  }) => {
    test.setTimeout(45_000);
    const bodiesOfA = ['Private to A: ALPHA-ONE', 'Private to A: ALPHA-TWO'];
    for (const body of bodiesOfA) await send(api, personA, body);

    await signIn(page, personA);
    const messages = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await expect(messages).toHaveCount(2);
    await expect(messages.getByText('Seen', { exact: true })).toHaveCount(2);
    // Shown, so gone from the server: from now on this browser holds the only copies.
    await expectServerCopiesDeleted(personA, 'the server copies of A to be deleted');
    await expect
      .poll(async () => traces((await storedInBrowser(page)).local, personA, bodiesOfA))
      .toEqual(expect.arrayContaining(bodiesOfA.map((body) => expect.stringContaining(body))));

    // The notice comes before anything is deleted, and staying keeps everything.
    await page.getByRole('button', { name: 'Sign out' }).click();
    const notice = page.getByRole('alertdialog');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(
      'Signing out deletes the messages this browser keeps for you, so that whoever uses it ' +
        'next cannot read them.',
    );
    await expect(messages).toHaveCount(2);
    expect(traces((await storedInBrowser(page)).local, personA, bodiesOfA)).toEqual(
      expect.arrayContaining(bodiesOfA.map((body) => expect.stringContaining(body))),
    );
    await notice.getByRole('button', { name: 'Stay signed in' }).click();
    await expect(notice).toBeHidden();
    await expect(page.getByText(`Signed in as ${personA}`)).toBeVisible();
    await expect(messages).toHaveCount(2);
    expect(traces((await storedInBrowser(page)).local, personA, bodiesOfA)).toEqual(
      expect.arrayContaining(bodiesOfA.map((body) => expect.stringContaining(body))),
    );

    await page.getByRole('button', { name: 'Sign out' }).click();
    await notice.getByRole('button', { name: 'Sign out and delete' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    const afterSignOut = await storedInBrowser(page);
    expect(traces(afterSignOut.local, personA, bodiesOfA)).toEqual([]);
    expect(traces(afterSignOut.session, personA, bodiesOfA)).toEqual([]);

    // The next person, in the same browser.
    await send(api, personB, 'For B only: BRAVO-ONE');
    await signIn(page, personB);
    await expect(messages).toHaveCount(1);
    await expect(messages.first()).toContainText('For B only: BRAVO-ONE');
    for (const body of bodiesOfA) await expect(page.getByText(body)).toHaveCount(0);
    const whileB = await storedInBrowser(page);
    expect(traces(whileB.local, personA, bodiesOfA)).toEqual([]);
    expect(traces(whileB.session, personA, bodiesOfA)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out and delete' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

    // A again: the server deleted them when shown and the browser at sign-out, so they are
    // gone for good; only what is sent from now on appears.
    await signIn(page, personA);
    await send(api, personA, 'Back again: ALPHA-THREE');
    await expect(messages.first()).toContainText('Back again: ALPHA-THREE');
    await expect(messages).toHaveCount(1);
    for (const body of bodiesOfA) await expect(page.getByText(body)).toHaveCount(0);
  });
});

test.describe('signing in through links (SIGN_IN_MODE=link)', () => {
  const keyId = 'e2e-links';
  const signingSecret = randomBytes(32);
  const senderKey = randomBytes(32).toString('base64url');
  const asSender = { authorization: `Bearer ${senderKey}` };
  let linkApi: RunningApi;

  test.beforeAll(async () => {
    linkApi = await RunningApi.start({
      SIGN_IN_MODE: 'link',
      SIGN_IN_KEYS: `${keyId}:${signingSecret.toString('base64url')}`,
      SENDER_KEYS: JSON.stringify([
        {
          name: 'acmesky-e2e',
          senders: ['ACMESky'],
          sha256: createHash('sha256').update(senderKey).digest('hex'),
        },
      ]),
      ALLOW_ANONYMOUS_SENDERS: 'false',
    });
    await linkApi.waitUntilReady();
  });

  test.afterAll(async () => {
    await linkApi?.stop();
  });

  async function askForLink(username: string): Promise<{ url: string; username: string }> {
    const response = await linkApi.postJson('/sign-in-links', { username }, asSender);
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as { url: string; username: string };
  }

  async function sendWithKey(receiver: string, body: string): Promise<void> {
    const response = await linkApi.postJson('/messages', testMessage({ receiver, body }), asSender);
    expect(response.status, await response.clone().text()).toBe(202);
  }

  test('opens the inbox from a link, drops the token from the address bar, and keeps the session on reload', async ({
    page,
    username,
  }) => {
    const noKey = await linkApi.postJson('/sign-in-links', { username });
    expect(noKey.status).toBe(401);

    const link = await askForLink(username.toUpperCase());
    expect(link.username).toBe(username);
    expect(link.url.startsWith(`${linkApi.baseUrl}/sign-in/link#token=`)).toBe(true);
    const linkToken = new URL(link.url).hash.slice('#token='.length);

    const handshakes: { username?: string; token?: string }[] = [];
    page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        // Socket.IO's CONNECT packet carries the page's `auth`.
        if (typeof payload === 'string' && payload.startsWith('40{')) {
          handshakes.push(JSON.parse(payload.slice(2)));
        }
      }),
    );

    await page.goto(link.url);
    await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
    await expect(page.getByRole('status')).toContainText('Connected');
    await expect(page.getByText(`Signed in as ${username}`)).toBeVisible();
    await expect(page).toHaveURL(`${linkApi.baseUrl}/`);
    expect(page.url()).not.toContain(linkToken);

    await sendWithKey(username, 'Through a link: LINK1');
    const messages = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await expect(messages.first()).toContainText('Through a link: LINK1');
    await expect(messages.first()).toContainText('Seen');

    // The server swapped the link's token for a session token of this page.
    await expect
      .poll(async () => (await storedInBrowser(page)).session['prontogram.token'])
      .not.toBe(linkToken);
    const sessionToken = (await storedInBrowser(page)).session['prontogram.token'];
    expect(decodeJwt(sessionToken)).toMatchObject({ sub: username, kind: 'session' });
    await expect.poll(() => handshakes.at(-1)?.token).toBe(linkToken);

    await page.reload();
    await expect(page.getByRole('status')).toContainText('Connected');
    await expect(page.getByText(`Signed in as ${username}`)).toBeVisible();
    await expect.poll(() => handshakes.at(-1)?.token).toBe(sessionToken);
    expect(page.url()).toBe(`${linkApi.baseUrl}/`);
    await expect(messages.first()).toContainText('Through a link: LINK1');
    await sendWithKey(username, 'After the reload: LINK2');
    await expect(messages.first()).toContainText('After the reload: LINK2');
    await expect(messages).toHaveCount(2);
  });

  test('refuses a bare username typed on the sign-in page', async ({ page, username }) => {
    await page.goto(`${linkApi.baseUrl}/sign-in`);
    await page.getByLabel('Username').fill(username);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page.getByRole('alert')).toHaveText(
      'This ProntoGram signs you in only through a sign-in link. Ask the service that sends ' +
        'you messages (ACMESky, say) for one, and open it.',
    );
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect(traces((await storedInBrowser(page)).session, username, [])).toEqual([]);
  });

  test('sends a tampered link back to sign-in, saying it does not work', async ({
    page,
    username,
  }) => {
    const link = await askForLink(username);
    const [header, payload, signature] = new URL(link.url).hash.slice('#token='.length).split('.');
    // The first character of the signature carries six whole bits: any other one changes it.
    const tampered = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    const token = `${header}.${payload}.${tampered}`;

    await page.goto(`${linkApi.baseUrl}/sign-in/link#token=${token}`);

    await expect(page.getByRole('alert')).toHaveText(
      'This sign-in link does not work: it was changed, or is for someone else. Ask for a new one.',
    );
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page).toHaveURL(`${linkApi.baseUrl}/sign-in`);
    const stored = await storedInBrowser(page);
    expect(Object.values(stored.session)).not.toContain(token);
    expect(traces(stored.session, username, [])).toEqual([]);
  });

  test('sends an expired link back to sign-in, saying it expired', async ({ page, username }) => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ kind: 'link' })
      .setProtectedHeader({ alg: 'HS256', kid: keyId })
      .setIssuer('prontogram')
      .setAudience('prontogram-inbox')
      .setSubject(username)
      .setIssuedAt(now - 20 * 60)
      .setExpirationTime(now - 5 * 60)
      .sign(new Uint8Array(signingSecret));

    await page.goto(`${linkApi.baseUrl}/sign-in/link#token=${expired}`);

    await expect(page.getByRole('alert')).toHaveText(
      'Your sign-in link has expired. Ask the service that sent it for a new one.',
    );
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page).toHaveURL(`${linkApi.baseUrl}/sign-in`);
    expect(traces((await storedInBrowser(page)).session, username, [])).toEqual([]);
  });
});
