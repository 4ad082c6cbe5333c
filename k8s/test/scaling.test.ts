/**
 * The predictor as a service of several replicas: the autoscaler that owns their count, the
 * disruption budget, and the topology spread, checked against the Deployment they govern.
 */
import { describe, expect, it } from 'vitest';
import { findOne, manifestSets, selects } from './manifests.js';
import { Deployment, HorizontalPodAutoscaler, PodDisruptionBudget } from './models.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOSTNAME = 'kubernetes.io/hostname';

describe.each(manifestSets())('scaling the predictor ($name)', ({ load: set }) => {
  const deployment = () => new Deployment(findOne(set(), 'Deployment', 'fraudwatch-predictor') as never);
  const podLabels = () => deployment().spec?.template.metadata?.labels;

  it('autoscales the Deployment on CPU utilisation (autoscaling/v2) from 3 replicas', () => {
    const hpa = new HorizontalPodAutoscaler(findOne(set(), 'HorizontalPodAutoscaler', 'fraudwatch-predictor') as never);
    const d = deployment();
    expect(hpa.spec?.scaleTargetRef).toEqual({ apiVersion: d.apiVersion, kind: d.kind, name: d.metadata?.name });
    expect(hpa.spec?.minReplicas).toBe(3);
    expect(hpa.spec?.maxReplicas).toBeGreaterThan(3);
    expect(hpa.spec?.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } } },
    ]);
    // Utilisation is measured against the request: without one the autoscaler cannot act.
    expect(d.spec?.template.spec?.containers[0]?.resources?.requests?.['cpu']).toBeDefined();
  });

  it('lets a drain or an upgrade take one predictor at a time', () => {
    const pdb = new PodDisruptionBudget(findOne(set(), 'PodDisruptionBudget', 'fraudwatch-predictor') as never);
    expect(pdb.spec?.maxUnavailable).toBe(1);
    expect(pdb.spec?.minAvailable).toBeUndefined();
    expect(selects(pdb.spec?.selector?.matchLabels, podLabels())).toBe(true);
  });

  it('spreads the replicas over zones, then nodes, as a preference that never keeps a pod Pending', () => {
    const constraints = deployment().spec?.template.spec?.topologySpreadConstraints ?? [];
    expect(constraints.map((c) => c.topologyKey)).toEqual([ZONE, HOSTNAME]);
    for (const c of constraints) {
      expect(c).toMatchObject({ maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' });
      expect(selects(c.labelSelector?.matchLabels, podLabels())).toBe(true);
    }
  });
});
