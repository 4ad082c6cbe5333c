/**
 * Loads the manifests two ways: each file listed in kustomization.yaml on its own, and the output
 * of `kubectl kustomize k8s/`, so the same checks run on what a cluster would actually receive.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse } from 'yaml';

export const K8S_DIR = fileURLToPath(new URL('..', import.meta.url));
export const k8sPath = (relative: string): string => fileURLToPath(new URL(`../${relative}`, import.meta.url));

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly [field: string]: unknown;
}

export interface ManifestSet {
  readonly name: string;
  readonly manifests: readonly Manifest[];
}

export function readYaml(relative: string): unknown {
  return parse(readFileSync(k8sPath(relative), 'utf8'));
}

export function parseManifests(text: string, source: string): Manifest[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as Manifest | null;
    return value === null ? [] : [value];
  });
}

export interface Kustomization {
  readonly namespace: string;
  readonly resources: readonly string[];
  readonly [field: string]: unknown;
}

export const kustomization = (): Kustomization => readYaml('kustomization.yaml') as Kustomization;

export function fileByFile(): ManifestSet {
  const manifests = kustomization().resources.flatMap((file) => parseManifests(readFileSync(k8sPath(file), 'utf8'), file));
  return { name: 'file by file', manifests };
}

/** What to do when the build cannot run: said in every failing kustomize check. */
export const KUBECTL_MISSING =
  'no kubectl on PATH: install it with `sudo apt-get install kubernetes-client` (Debian 12 ships kubectl 1.20, ' +
  'which builds this kustomization) or run scripts/setup.sh';

export function kustomizeBuild(): ManifestSet {
  const result = spawnSync('kubectl', ['kustomize', K8S_DIR], { encoding: 'utf8' });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error(KUBECTL_MISSING);
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`kubectl kustomize ${K8S_DIR} failed: ${result.stderr}`);
  return { name: 'kubectl kustomize', manifests: parseManifests(result.stdout, 'kubectl kustomize') };
}

/**
 * Runs `load` on the first call and replays its result, or its error, after that: every kustomize
 * check then fails with the same reason without running kubectl again.
 */
export function once<T>(load: () => T): () => T {
  let outcome: { value: T } | { error: unknown } | undefined;
  return () => {
    if (outcome === undefined) {
      try {
        outcome = { value: load() };
      } catch (error) {
        outcome = { error };
      }
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };
}

/** Both views of the manifests, for `describe.each`: each loaded once per test file. */
export const manifestSets = (): { name: string; load: () => ManifestSet }[] => [
  { name: 'file by file', load: once(fileByFile) },
  { name: 'kubectl kustomize', load: once(kustomizeBuild) },
];

/** kube-prometheus-stack's Prometheus, installed as release `monitoring` in namespace monitoring (README). */
export const PROMETHEUS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
} as const;

/** The container securityContext every container here runs with. */
export const LOCKED_DOWN_CONTAINER = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/** A workload's pod spec, or an error naming the workload. */
export function podSpecOf<S>(workload: { readonly kind: string; readonly spec?: { readonly template: { readonly spec?: S } } }): S {
  const spec = workload.spec?.template.spec;
  if (spec === undefined) throw new Error(`the ${workload.kind} has no pod spec`);
  return spec;
}

export function findOne(set: ManifestSet, kind: string, name?: string): Manifest {
  const found = set.manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1) throw new Error(`${set.name}: expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0]!;
}

export function findAll(set: ManifestSet, kind: string): Manifest[] {
  return set.manifests.filter((m) => m.kind === kind);
}

/** Whether every `selector` entry is among `labels` (how matchLabels and Service selectors match). */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels?.[key] === value);
}
