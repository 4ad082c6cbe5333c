/**
 * docs/architecture.md is the contract a newcomer reads: its metric and alert tables must stay the
 * catalogue's, and no markdown file may send a reader outside the repository (a user's clone has
 * nothing there) or to a file that does not exist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERT_NAMES, catalogue, recordedSeries } from '../src/index.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const ARCHITECTURE = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');

/** The rows of the table under a heading: cells of each `| … |` line after the separator. */
function tableUnder(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const lines = markdown.slice(start).split('\n').slice(2);
  const table = lines.slice(lines.findIndex((l) => l.startsWith('|')));
  const rows = table.slice(0, table.findIndex((l) => !l.startsWith('|'))).slice(2);
  return rows.map((l) => l.slice(1, -1).split('|').map((cell) => cell.trim()));
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, '');
const list = (cell: string) => (cell === '' ? [] : cell.split(',').map((s) => s.trim()));

/** Every markdown file of the repository, without installed or generated trees. */
function markdownFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', '.git', '.turbo'].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** Targets of inline links and images, `[text](target)`, without their #anchor. */
function linkTargets(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1] ?? '')
    .filter((t) => !/^(https?:|mailto:|#)/.test(t))
    .map((t) => t.split('#')[0] ?? '');
}

describe('docs/architecture.md', () => {
  it('lists every catalogue metric with its type and labels, and nothing else', () => {
    const documented = tableUnder(ARCHITECTURE, '### Metric catalogue (packages/metrics)').map(([name = '', type, labels = '']) => ({
      name: unquote(name),
      type,
      labelNames: list(labels),
    }));
    const actual = Object.values(catalogue).map((m) => ({ name: m.name, type: m.type, labelNames: [...m.labelNames] }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(documented.sort(byName)).toEqual(actual.sort(byName));
  });

  it('lists every alert of the catalogue, and nothing else', () => {
    const documented = tableUnder(ARCHITECTURE, '### Alerts (packages/dashboards, names in packages/metrics)').map(([name = '']) =>
      unquote(name),
    );
    expect(documented.sort()).toEqual([...ALERT_NAMES].sort());
  });

  it('names the recorded error-ratio series as the catalogue spells them', () => {
    expect(ARCHITECTURE).toContain(`\`${recordedSeries.httpErrorRatio('<window>')}\``);
  });
});

describe('markdown links', () => {
  const files = markdownFiles();

  it('finds the repository\'s markdown files', () => {
    expect(files.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md']));
  });

  it.each(files.map((f) => [relative(ROOT, f), f] as const))('%s links only to files inside the repository', (_name, file) => {
    const broken = linkTargets(readFileSync(file, 'utf8')).filter((target) => {
      const path = resolve(dirname(file), target);
      return relative(ROOT, path).startsWith('..') || target.startsWith('/') || !existsSync(path);
    });
    expect(broken).toEqual([]);
  });

  it('catches a link that leaves the repository', () => {
    expect(linkTargets('see [design](../shared/design.md#api) and [x](https://e.org) [y](#z)')).toEqual(['../shared/design.md']);
  });
});
