/**
 * Grafana's alert-rule file-provisioning format (`apiVersion: 1, groups: [...]`), the schema of the
 * fields Grafana reads from it, and the conversion from the SDK's HTTP API shape: the folder is
 * named by title rather than uid, the org and interval move to the group, durations are strings.
 */
import type * as alerting from '@grafana/grafana-foundation-sdk/alerting';
import { z } from 'zod';
import { formatDuration } from './duration.js';

const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, 'a duration such as 1m or 1m30s');
const text = z.string().min(1);

const querySchema = z.strictObject({
  refId: text,
  queryType: z.string().optional(),
  // Expressions ignore it; a datasource query without it would look back zero seconds.
  relativeTimeRange: z.strictObject({ from: z.number().int().min(0), to: z.number().int().min(0) }).optional(),
  datasourceUid: text,
  model: z.record(z.string(), z.unknown()),
});

const EXPRESSION_DATASOURCE_UID = '__expr__';

/** The HTTP API's reserved annotations that the file format spells as `dashboardUid` / `panelId`. */
export const DASHBOARD_UID_ANNOTATION = '__dashboardUid__';
export const PANEL_ID_ANNOTATION = '__panelId__';

const ruleSchema = z
  .strictObject({
    uid: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/, 'at most 40 letters, digits, - or _'),
    title: z.string().min(1).max(190),
    condition: text,
    data: z.array(querySchema).min(1),
    noDataState: z.enum(['Alerting', 'NoData', 'OK', 'KeepLast']),
    execErrState: z.enum(['Alerting', 'Error', 'OK', 'KeepLast']),
    for: duration,
    annotations: z.record(z.string(), z.string()).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    isPaused: z.boolean().optional(),
    dashboardUid: text.optional(),
    panelId: z.number().int().min(1).optional(),
  })
  .refine((r) => (r.dashboardUid === undefined) === (r.panelId === undefined), {
    message: 'dashboardUid and panelId go together',
    path: ['panelId'],
  })
  .refine((r) => r.data.some((q) => q.refId === r.condition), {
    message: "condition must be the refId of one of the rule's queries",
    path: ['condition'],
  })
  .refine(
    (r) => r.data.every((q) => q.datasourceUid === EXPRESSION_DATASOURCE_UID || (q.relativeTimeRange?.from ?? 0) > 0),
    { message: 'every datasource query needs a relativeTimeRange reaching back', path: ['data'] },
  );

const groupSchema = z.strictObject({
  orgId: z.number().int().min(1),
  name: text,
  folder: text,
  interval: duration,
  rules: z.array(ruleSchema).min(1),
});

export const provisioningFileSchema = z.strictObject({
  apiVersion: z.literal(1),
  groups: z.array(groupSchema).min(1),
});

export type ProvisioningFile = z.infer<typeof provisioningFileSchema>;
type ProvisionedRule = z.infer<typeof ruleSchema>;

/** The SDK's models carry marker methods; JSON keeps only the data Grafana reads. */
function plainData(data: alerting.Query[]): ProvisionedRule['data'] {
  return JSON.parse(JSON.stringify(data)) as ProvisionedRule['data'];
}

function convertRule(rule: alerting.Rule, group: alerting.RuleGroup): ProvisionedRule {
  if (rule.folderUID !== group.folderUid || rule.ruleGroup !== group.title) {
    throw new Error(
      `rule "${rule.title}" says folder ${rule.folderUID} / group ${rule.ruleGroup}, ` +
        `but sits in ${group.folderUid} / ${group.title}`,
    );
  }
  if (!rule.uid) throw new Error(`rule "${rule.title}" needs a uid: provisioning matches rules by it`);
  const { [DASHBOARD_UID_ANNOTATION]: dashboardUid, [PANEL_ID_ANNOTATION]: panelId, ...annotations } =
    rule.annotations ?? {};
  return {
    uid: rule.uid,
    title: rule.title,
    condition: rule.condition,
    data: plainData(rule.data),
    noDataState: rule.noDataState,
    execErrState: rule.execErrState,
    for: rule.for,
    annotations,
    labels: rule.labels,
    isPaused: rule.isPaused,
    dashboardUid,
    panelId: panelId === undefined ? undefined : Number(panelId),
  };
}

function convertGroup(group: alerting.RuleGroup, folders: Readonly<Record<string, string>>) {
  const name = group.title;
  if (!name) throw new Error('a rule group needs a title');
  const folder = group.folderUid === undefined ? undefined : folders[group.folderUid];
  if (!folder) throw new Error(`group "${name}": no folder title for folder uid "${group.folderUid}"`);
  if (group.interval === undefined) throw new Error(`group "${name}" needs an interval`);
  const rules = group.rules ?? [];
  const orgIds = new Set(rules.map((r) => r.orgID));
  const [orgId] = orgIds;
  if (orgIds.size !== 1 || orgId === undefined) {
    throw new Error(`group "${name}": its rules must share one org, found ${[...orgIds].join(', ') || 'none'}`);
  }
  return {
    orgId,
    name,
    folder,
    interval: formatDuration(group.interval),
    rules: rules.map((r) => convertRule(r, group)),
  };
}

/** Converts HTTP API rule groups; `folders` maps folder uid to the title the file names it by. */
export function toProvisioningFile(
  groups: readonly alerting.RuleGroup[],
  folders: Readonly<Record<string, string>>,
): ProvisioningFile {
  return provisioningFileSchema.parse({ apiVersion: 1, groups: groups.map((g) => convertGroup(g, folders)) });
}
