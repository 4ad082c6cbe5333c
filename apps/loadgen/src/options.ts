/** Parsers for the CLI's option values: a bad value stops the CLI with a message naming it. */
import { InvalidArgumentError } from 'commander';

/**
 * One predictor, or several (comma-separated) to spread the load over; several must share their
 * path, since each request's path is made once for all.
 */
export function parseUrls(value: string): URL[] {
  const urls = value.split(',').map((part) => parseUrl(part.trim()));
  if (new Set(urls.map((url) => url.pathname)).size > 1) throw new InvalidArgumentError(`expected URLs with the same path, got "${value}"`);
  return urls;
}

export function parseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`expected an http(s) URL such as http://127.0.0.1:8000, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError(`expected an http(s) URL, got "${value}"`);
  return url;
}

function parseNumber(value: string, accept: (n: number) => boolean, expected: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !accept(n)) throw new InvalidArgumentError(`expected ${expected}, got "${value}"`);
  return n;
}

export const parsePositiveInt = (value: string): number =>
  parseNumber(value, (n) => Number.isInteger(n) && n > 0, 'a whole number above 0');

export const parseNonNegativeInt = (value: string): number =>
  parseNumber(value, (n) => Number.isInteger(n) && n >= 0, 'a whole number, 0 or above');

export const parsePositive = (value: string): number => parseNumber(value, (n) => n > 0, 'a number above 0');

export const parseShare = (value: string): number => parseNumber(value, (n) => n > 0 && n <= 1, 'a share in (0, 1]');
