import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_PATHS, generatedFiles, repoPath } from '../src/index.js';

describe('generated files', () => {
  const files = generatedFiles();

  it('covers every path others depend on', () => {
    const expected = [
      ...Object.values(GENERATED_PATHS.rules),
      GENERATED_PATHS.prometheusRule,
      GENERATED_PATHS.dashboardConfigMap,
      GENERATED_PATHS.alertsConfigMap,
      GENERATED_PATHS.dashboardJson,
    ];
    expect(files.map((f) => f.path).sort()).toEqual(expected.sort());
  });

  it.each(files.map((f) => [f.path, f.content] as const))(
    '%s is committed as the code generates it (else: pnpm --filter @fraudwatch/dashboards build)',
    (path, content) => {
      expect(readFileSync(repoPath(path), 'utf8')).toBe(content);
    },
  );
});
