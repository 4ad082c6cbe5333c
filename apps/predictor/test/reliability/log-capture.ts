/** A pino logger that keeps its JSON lines in memory, so tests can read what would have been logged. */
import { pino, type Level, type Logger } from 'pino';

export interface CapturedLogs {
  readonly logger: Logger;
  /** Every line logged so far, as raw JSON text. */
  text(): string;
  /** Every line logged so far, parsed. */
  records(): Record<string, unknown>[];
}

export function captureLogs(level: Level): CapturedLogs {
  const lines: string[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(line) });
  return {
    logger,
    text: () => lines.join(''),
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
