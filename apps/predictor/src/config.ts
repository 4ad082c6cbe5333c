/**
 * The predictor's configuration, read once from the environment at start. A bad value stops the
 * start with a message naming the variable, instead of surfacing later as odd behaviour.
 */
import {
  ALERT_COUNTER_MODES,
  envInteger as integer,
  featureStoreEnvShape,
  toFeatureStoreConfig,
  type AlertCounterMode,
  type FeatureStoreConfig,
} from '@fraudwatch/feature-store';
import { DEFAULT_FEATURE_STORE_OPTIONS, DEFAULT_MODEL_PATH } from '@fraudwatch/model';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const DAY_MS = 86_400_000;
const BYTE_UNITS = { b: 1, kb: 1024, mb: 1024 ** 2 } as const;

const byteSize = z
  .string()
  .regex(/^\d+(b|kb|mb)?$/i, 'expected a size such as 1048576, 512kb or 1mb')
  .transform((text) => {
    const [, digits = '', unit = 'b'] = /^(\d+)([a-z]*)$/i.exec(text) ?? [];
    return Number(digits) * BYTE_UNITS[unit.toLowerCase() as keyof typeof BYTE_UNITS];
  })
  .pipe(z.number().int().min(1024).max(64 * 1024 ** 2));

const envSchema = z.object({
  ...featureStoreEnvShape,
  PORT: integer(0, 65535).default(8000),
  /** The operations listener (/metrics, /healthz, /readyz); unset, the API port serves them. */
  METRICS_PORT: integer(0, 65535).optional(),
  /** The API keys' file (docs/security.md); unset, every route is open, as in the legacy service. */
  API_KEYS_FILE: z.string().min(1).optional(),
  // All interfaces by default: in a container the probes and the Service reach the pod's IP,
  // so loopback would make it unreachable. Set HOST=127.0.0.1 to run it privately on a laptop.
  HOST: z.string().min(1).default('0.0.0.0'),
  MODEL_PATH: z.string().min(1).default(DEFAULT_MODEL_PATH),
  /** The threshold of a model file that carries none (a bare XGBoost model); an artifact's own wins. */
  MODEL_THRESHOLD: z
    .string()
    .regex(/^(0?\.\d+|0|1)$/, 'expected a decimal number such as 0.5')
    .transform(Number)
    .pipe(z.number().gt(0, 'must be greater than 0').lt(1, 'must be less than 1'))
    .default(0.5),
  /** Empty disables the reset (see loadConfig: emptiness is kept for this variable only). */
  ALERT_RESET_TERMINAL_ID: z.union([z.literal(''), integer(0, Number.MAX_SAFE_INTEGER)]).default(13),
  ALERT_COUNTER_MODE: z.enum(ALERT_COUNTER_MODES).default('fraud'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  MAX_BATCH_SIZE: integer(1, 100_000).default(1000),
  BODY_LIMIT: byteSize.default(1024 ** 2),
  FEATURE_STORE_MAX_CUSTOMERS: integer(1, 10_000_000).default(DEFAULT_FEATURE_STORE_OPTIONS.maxCustomers),
  FEATURE_STORE_MAX_TERMINALS: integer(1, 10_000_000).default(DEFAULT_FEATURE_STORE_OPTIONS.maxTerminals),
  /**
   * Memory store: transactions whose prediction and label are remembered (a retry answered the same,
   * a label applied once and matched to its decision). Redis keeps them FEATURE_STORE_DEDUP_HOURS.
   */
  FEEDBACK_MEMORY_SIZE: integer(1, 10_000_000).default(100_000),
  /** Latest scores the drift PSI compares with the model's reference; fewer than 100 cannot fill its buckets. */
  DRIFT_WINDOW: integer(100, 1_000_000).default(5000),
  /** How far ahead of the server's clock an event time may be; later ones are refused (see event-time.ts). */
  MAX_EVENT_TIME_SKEW_MS: integer(0, 365 * DAY_MS).default(DAY_MS),
  SHUTDOWN_GRACE_MS: integer(0, 600_000).default(10_000),
  /** Time between readiness turning 503 and the listener closing, for endpoints to catch up. */
  SHUTDOWN_DRAIN_DELAY_MS: integer(0, 600_000).default(0),
}).superRefine((e, ctx) => {
  // The drain delay counts against the grace period: at or above it, every shutdown would cut
  // its connections and exit 1.
  if (e.SHUTDOWN_DRAIN_DELAY_MS > 0 && e.SHUTDOWN_DRAIN_DELAY_MS >= e.SHUTDOWN_GRACE_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['SHUTDOWN_DRAIN_DELAY_MS'],
      message: `must be less than SHUTDOWN_GRACE_MS (${e.SHUTDOWN_GRACE_MS})`,
    });
  }
  // 0 asks for any free port, so two zeros are two listeners; the same fixed port cannot be.
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT) {
    ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: `must differ from PORT (${e.PORT})` });
  }
});

export interface Config {
  readonly port: number;
  /** Undefined: /metrics and the probes are served on `port`, with the API. */
  readonly metricsPort: number | undefined;
  readonly host: string;
  /** Undefined: authentication is off. */
  readonly apiKeysFile: string | undefined;
  readonly modelPath: string;
  /** Used only when the model file carries no threshold. */
  readonly modelThreshold: number;
  /** Undefined when the reset is disabled. */
  readonly alertResetTerminalId: number | undefined;
  readonly alertCounterMode: AlertCounterMode;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly maxBatchSize: number;
  readonly bodyLimitBytes: number;
  /** Which online store (memory or Redis) and how to reach it. */
  readonly featureStore: FeatureStoreConfig;
  /** The memory store's bounds. */
  readonly memoryStore: { readonly maxCustomers: number; readonly maxTerminals: number; readonly maxTransactions: number };
  readonly driftWindow: number;
  readonly maxEventTimeSkewMs: number;
  readonly shutdownGraceMs: number;
  readonly shutdownDrainDelayMs: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the configuration from `env`; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // An empty variable means "not set", except where emptiness has a meaning of its own.
  const present = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((key) => {
      const value = env[key];
      if (value === undefined || (value === '' && key !== 'ALERT_RESET_TERMINAL_ID')) return [];
      return [[key, value]];
    }),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify(present[name])}: ${issue.message}`;
    });
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    metricsPort: e.METRICS_PORT,
    host: e.HOST,
    apiKeysFile: e.API_KEYS_FILE,
    modelPath: e.MODEL_PATH,
    modelThreshold: e.MODEL_THRESHOLD,
    alertResetTerminalId: e.ALERT_RESET_TERMINAL_ID === '' ? undefined : e.ALERT_RESET_TERMINAL_ID,
    alertCounterMode: e.ALERT_COUNTER_MODE,
    logLevel: e.LOG_LEVEL,
    maxBatchSize: e.MAX_BATCH_SIZE,
    bodyLimitBytes: e.BODY_LIMIT,
    featureStore: toFeatureStoreConfig(e),
    memoryStore: {
      maxCustomers: e.FEATURE_STORE_MAX_CUSTOMERS,
      maxTerminals: e.FEATURE_STORE_MAX_TERMINALS,
      maxTransactions: e.FEEDBACK_MEMORY_SIZE,
    },
    driftWindow: e.DRIFT_WINDOW,
    maxEventTimeSkewMs: e.MAX_EVENT_TIME_SKEW_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    shutdownDrainDelayMs: e.SHUTDOWN_DRAIN_DELAY_MS,
  };
}
