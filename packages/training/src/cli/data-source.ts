/**
 * What the training commands share: the options that choose the data (the simulator with a seed
 * and size, or a handbook-layout CSV) and the protocol's start, and how a command reports a usage
 * error (one line, exit 2) apart from a bug (its stack).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ModelArtifactError } from '@fraudwatch/model';
import { DEFAULT_SIMULATION, simulate } from '@fraudwatch/simulator';
import { CsvInputError, readTransactionsCsv } from '../csv.js';
import { DEFAULT_PROTOCOL, epochDay, protocolEnd, type ProtocolOptions } from '../protocol.js';
import type { TrainingTransaction } from '../replay.js';

export const DATA_OPTIONS = {
  customers: { type: 'string', default: String(DEFAULT_SIMULATION.customers) },
  terminals: { type: 'string', default: String(DEFAULT_SIMULATION.terminals) },
  seed: { type: 'string', default: String(DEFAULT_SIMULATION.seed) },
  'start-date': { type: 'string', default: DEFAULT_SIMULATION.startDate },
  'train-start': { type: 'string', default: DEFAULT_PROTOCOL.trainStart },
  csv: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** A non-negative integer option, or a usage error naming it. */
export function integerOption(values: OptionValues, name: string): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`--${name} must be a non-negative integer, got ${String(values[name])}`);
  return n;
}

/** A required option, or a usage error naming it (`--out FILE is required (why)`). */
export function requiredOption(values: OptionValues, name: string, placeholder: string, why?: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new RangeError(`--${name} ${placeholder} is required${why ? ` (${why})` : ''}`);
  return value;
}

export interface DataSource {
  readonly stream: Iterable<TrainingTransaction>;
  /** Facts about the data recorded in an artifact (seed and sizes, or the CSV file). */
  readonly source: Record<string, string | number>;
  readonly protocol: ProtocolOptions;
}

export function dataSource(values: OptionValues): DataSource {
  const protocol = { ...DEFAULT_PROTOCOL, trainStart: String(values['train-start']) };
  if (typeof values.csv === 'string') {
    return { stream: readTransactionsCsv(values.csv), source: { source: 'csv', csv: values.csv }, protocol };
  }
  const startDate = String(values['start-date']);
  const days = protocolEnd(protocol) - epochDay(startDate, '--start-date');
  const simulation = {
    seed: integerOption(values, 'seed'),
    customers: integerOption(values, 'customers'),
    terminals: integerOption(values, 'terminals'),
    startDate,
    days,
  };
  return { stream: simulate(simulation), source: { source: 'simulation', ...simulation, radius: DEFAULT_SIMULATION.radius }, protocol };
}

/** parseArgs reports unknown or malformed options as TypeErrors with an ERR_PARSE_ARGS_* code. */
function isParseArgsError(error: unknown): error is TypeError {
  return error instanceof TypeError && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS');
}

/** Parses `options` from the command line and runs `main` with them, reporting errors as described above. */
export function runCommand<O extends ParseArgsConfig['options']>(name: string, options: O, main: (values: OptionValues) => void): void {
  try {
    main(parseArgs({ options, strict: true }).values as OptionValues);
  } catch (error) {
    // Bad options, unreadable input and unusable model files are the user's to fix: say what,
    // without a stack trace.
    if (error instanceof RangeError || error instanceof CsvInputError || error instanceof ModelArtifactError || isParseArgsError(error)) {
      console.error(`${name}: ${error.message}`);
      process.exitCode = 2;
    } else {
      throw error;
    }
  }
}
