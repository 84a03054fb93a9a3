import { REDIS_URL, RunningApi } from '@prontogram/e2e-support';

/** API instances sharing pages through the real Redis, each on its own loopback port. */
export async function startInstances(
  count: number,
  env: Record<string, string> = {},
): Promise<RunningApi[]> {
  const instances: RunningApi[] = [];
  try {
    for (let i = 0; i < count; i++) {
      instances.push(await RunningApi.start({ REDIS_URL, ...env }));
    }
    await Promise.all(instances.map((instance) => instance.waitUntilReady()));
    return instances;
  } catch (error) {
    await stopInstances(instances);
    throw error;
  }
}

export async function stopInstances(instances: RunningApi[]): Promise<void> {
  await Promise.all(instances.map((instance) => instance.kill()));
}

/** Starts `instance` again on the same port, as an orchestrator restarts a replica. */
export function restartOnSamePort(instance: RunningApi): Promise<RunningApi> {
  return RunningApi.start({ REDIS_URL, PORT: instance.port });
}
