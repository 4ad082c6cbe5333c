import { execFile } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PROFILES, alertDefinitions, prometheusRuleGroups, rulesFilePath } from '../src/index.js';

const run = promisify(execFile);
const PROMTOOL_TIMEOUT_MS = 60_000;
const TESTS_DIR = join(import.meta.dirname, 'promtool');
const TEST_FILES = readdirSync(TESTS_DIR).filter((f) => f.endsWith('.test.yaml'));

function findPromtool(): string {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/bin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'promtool');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(
    'promtool not found. Install it from Debian\'s prometheus package: ' +
      '`sudo apt-get update && sudo apt-get install -y prometheus` (scripts/setup.sh does this).',
  );
}

async function promtool(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(findPromtool(), args, { cwd: TESTS_DIR, timeout: PROMTOOL_TIMEOUT_MS });
    return stdout + stderr;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

describe('promtool', () => {
  it.each(PROFILES)('check rules accepts the generated %s rules file', { timeout: PROMTOOL_TIMEOUT_MS }, async (profile) => {
    const out = await promtool('check', 'rules', rulesFilePath(profile));
    const rules = prometheusRuleGroups(profile).flatMap((g) => g.rules);
    expect(out).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  // The burn-rate suite evaluates seven hours of 6h windows: seconds of work on a busy machine.
  it.each(TEST_FILES)('test rules passes %s', { timeout: PROMTOOL_TIMEOUT_MS }, async (file) => {
    expect(await promtool('test', 'rules', file)).toContain('SUCCESS');
  });

  interface Suite {
    rule_files: string[];
    tests: {
      alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[];
      promql_expr_test?: { expr: string }[];
    }[];
  }
  const defaultSuites = TEST_FILES.filter((f) => !f.startsWith('fast')).map(
    (file) => parse(readFileSync(join(TESTS_DIR, file), 'utf8')) as Suite,
  );

  it('has, for every default-profile alert, a case where it fires and one where it must not', () => {
    const firing = new Set<string>();
    const silent = new Set<string>();
    for (const suite of defaultSuites) {
      expect(suite.rule_files.every((f) => f.endsWith('fraudwatch.default.rules.yaml'))).toBe(true);
      for (const check of suite.tests.flatMap((t) => t.alert_rule_test ?? [])) {
        (check.exp_alerts.length > 0 ? firing : silent).add(check.alertname);
      }
    }
    const names = alertDefinitions('default').map((a) => a.name).sort();
    expect([...firing].sort()).toEqual(names);
    expect([...silent].sort()).toEqual(names);
  });

  it('checks the value of every default-profile recording rule', () => {
    const exprs = defaultSuites.flatMap((s) => s.tests.flatMap((t) => t.promql_expr_test ?? []).map((c) => c.expr));
    const records = prometheusRuleGroups('default').flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : [])));
    expect(records.length).toBeGreaterThan(0);
    expect(records.filter((name) => !exprs.some((e) => new RegExp(`\\b${name}\\b`).test(e)))).toEqual([]);
  });
});
