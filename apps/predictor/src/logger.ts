/** The process logger: pino JSON lines on stdout. */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

/**
 * Where a bearer token could appear if a request, or its headers, were ever logged whole (pino's
 * standard request serializer includes every header): censored at every level.
 */
const REDACTED_PATHS = ['headers.authorization', '*.headers.authorization'];

export function createLogger(level: Config['logLevel'], destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'predictor' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
