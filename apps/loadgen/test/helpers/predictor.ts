/**
 * The real predictor (apps/predictor's built main.js) on a free loopback port, as the tests'
 * target. Build it first: `pnpm --filter @fraudwatch/predictor build`.
 */
import { fileURLToPath } from 'node:url';
import { freePort, LOOPBACK, startProcess, waitForHttpOk, type ManagedProcess } from '@fraudwatch/stack';

const MAIN = fileURLToPath(new URL('../../../predictor/dist/main.js', import.meta.url));

export interface RunningPredictor {
  readonly url: URL;
  /** `host:port`, as a Prometheus scrape target. */
  readonly address: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

export async function startPredictor(env: NodeJS.ProcessEnv = {}): Promise<RunningPredictor> {
  const port = await freePort();
  const child = startProcess({
    name: 'predictor',
    command: process.execPath,
    args: [MAIN],
    env: { ...process.env, PORT: String(port), HOST: LOOPBACK, LOG_LEVEL: 'warn', ...env },
  });
  const url = new URL(`http://${LOOPBACK}:${port}`);
  try {
    await waitForHttpOk(new URL('/readyz', url).href, { timeoutMs: 20_000, abortIf: () => child.assertRunning() });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { url, address: `${LOOPBACK}:${port}`, process: child, stop: () => child.stop() };
}
