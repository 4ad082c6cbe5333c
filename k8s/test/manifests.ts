/**
 * Loads the manifests two ways: each file listed in kustomization.yaml on its own (works
 * anywhere), and the output of `kubectl kustomize k8s/` (where kubectl exists), so the same checks
 * run on what a cluster would actually receive.
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
  readonly labels?: readonly { readonly pairs: Record<string, string>; readonly includeSelectors?: boolean }[];
}

export const kustomization = (): Kustomization => readYaml('kustomization.yaml') as Kustomization;

export function fileByFile(): ManifestSet {
  const manifests = kustomization().resources.flatMap((file) => parseManifests(readFileSync(k8sPath(file), 'utf8'), file));
  return { name: 'file by file', manifests };
}

export function hasKubectl(): boolean {
  return spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).error === undefined;
}

/**
 * Why the kustomize checks may not run: said in the test output wherever they are left out.
 * kubectl is not a Debian package in a version that can build this kustomization, so
 * scripts/setup.sh cannot install it.
 */
export const KUBECTL_MISSING =
  "no kubectl on PATH: Debian's kubernetes-client (1.20) is too old for the kustomization's `labels` " +
  'field, so scripts/setup.sh installs none; install kubectl >= 1.21 to run these';

export function kustomizeBuild(): ManifestSet {
  const result = spawnSync('kubectl', ['kustomize', K8S_DIR], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`kubectl kustomize failed (kubectl >= 1.21 builds \`labels\`): ${result.stderr}`);
  return { name: 'kubectl kustomize', manifests: parseManifests(result.stdout, 'kubectl kustomize') };
}

/** The sets to check here: always file by file, and the kustomize build where kubectl exists. */
export function manifestSets(): ManifestSet[] {
  return hasKubectl() ? [fileByFile(), kustomizeBuild()] : [fileByFile()];
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
