import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../src/cli/train.ts', import.meta.url));

/** Runs the training CLI from its sources (as `pnpm train` does) with tsx's loader. */
function train(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', timeout: 20_000 });
}

describe('train CLI', () => {
  it('requires --out, so a bare run cannot overwrite the committed artifact', () => {
    const run = train();
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^train: --out FILE is required/);
  });

  it('reports an unknown option as a usage error, without a stack', () => {
    const run = train('--out', '/nonexistent/m.json', '--bogus');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^train: Unknown option '--bogus'/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
