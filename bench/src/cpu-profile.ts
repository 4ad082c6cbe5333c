/**
 * Summarises a V8 .cpuprofile (written by `node --cpu-prof`): where the samples fell, by
 * function and by package, so the part that dominates a request's cost is plain to see.
 */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
}

export interface Share {
  readonly name: string;
  readonly percent: number;
}

// Idle time and the garbage collector are not any function's own work.
const NOT_WORK = new Set(['(idle)', '(program)']);

/** The package a script belongs to: `express`, `@fraudwatch/model` (workspace), `node:` internals. */
export function packageOf(url: string): string {
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url);
  if (dependency) return dependency[1]!;
  const workspace = /\/(apps|packages)\/([^/]+)\//.exec(url);
  return workspace ? `@fraudwatch/${workspace[2]}` : url;
}

function top(hits: Map<string, number>, total: number, limit: number): Share[] {
  return [...hits.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, count]) => ({ name, percent: (100 * count) / total }));
}

export function summariseProfile(profile: CpuProfile, limit = 15): { byFunction: Share[]; byPackage: Share[] } {
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  for (const { callFrame, hitCount = 0 } of profile.nodes) {
    if (hitCount === 0 || NOT_WORK.has(callFrame.functionName)) continue;
    total += hitCount;
    const where = callFrame.url ? `${callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(apps|packages)\//, '$1/')}:${callFrame.lineNumber + 1}` : '';
    const fn = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hitCount);
    const pkg = packageOf(callFrame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hitCount);
  }
  return { byFunction: top(byFunction, total, limit), byPackage: top(byPackage, total, limit) };
}
