import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from './ports';
import { JsonPoster, postJson } from './send';
import { waitFor } from './wait';

const DEPLOY = path.resolve(__dirname, '../../../../deploy/nginx');
const SITE = path.join(DEPLOY, 'prontogram.conf');
const UPSTREAM = path.join(DEPLOY, 'upstream.conf');
const UPSTREAM_SERVER = /server api:3000([^;]*);/;

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Debian's nginx in front of API instances on loopback, with the repository's configuration
 * (deploy/nginx: the site on a free port, the upstream's settings for each instance): an
 * ordinary round-robin load balancer, as an operator would put in front of ProntoGram.
 */
export class RunningNginx implements JsonPoster {
  private constructor(
    private readonly child: ChildProcess,
    private readonly directory: string,
    readonly baseUrl: string,
  ) {}

  static async start(upstreamPorts: string[]): Promise<RunningNginx> {
    const directory = await mkdtemp(path.join(tmpdir(), 'prontogram-nginx-'));
    const port = await freePort();
    const site = await readFile(SITE, 'utf8');
    if (!site.includes('listen 80;')) throw new Error(`${SITE} no longer says "listen 80;"`);
    await writeFile(
      path.join(directory, 'site.conf'),
      site.replace('listen 80;', `listen 127.0.0.1:${port};`),
    );
    const upstream = await readFile(UPSTREAM, 'utf8');
    const server = UPSTREAM_SERVER.exec(upstream);
    if (!server) throw new Error(`${UPSTREAM} no longer says "server api:3000 ...;"`);
    await writeFile(
      path.join(directory, 'upstream.conf'),
      upstream.replace(
        server[0],
        upstreamPorts.map((p) => `server 127.0.0.1:${p}${server[1]};`).join('\n  '),
      ),
    );
    await writeFile(
      path.join(directory, 'nginx.conf'),
      [
        'daemon off;',
        'worker_processes 1;',
        `pid ${directory}/nginx.pid;`,
        // Instances going away on purpose are logged as errors: keep them out of test output.
        `error_log ${directory}/error.log warn;`,
        'events { worker_connections 4096; }',
        'http {',
        '  access_log off;',
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
          (kind) => `  ${kind}_temp_path ${directory}/${kind};`,
        ),
        `  include ${directory}/upstream.conf;`,
        `  include ${directory}/site.conf;`,
        '}',
      ].join('\n'),
    );
    const child = spawn('nginx', ['-p', directory, '-c', path.join(directory, 'nginx.conf')], {
      stdio: ['ignore', 'ignore', 'inherit'], // Only nginx's own start-up failures.
    });
    const nginx = new RunningNginx(child, directory, `http://127.0.0.1:${port}`);
    await waitFor(() => listening(port), Boolean, { what: 'nginx to listen' });
    return nginx;
  }

  postJson(route: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return postJson(this.baseUrl, route, body, headers);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      await exited;
    }
    await rm(this.directory, { recursive: true, force: true });
  }
}
