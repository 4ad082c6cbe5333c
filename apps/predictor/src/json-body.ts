/** Route middleware that accepts a JSON body only: 400 when absent, 415 for another type. */
import express, { type RequestHandler } from 'express';
import { HttpError } from './errors.js';

const requireJson: RequestHandler = (req, _res, next) => {
  const matched = req.is('application/json');
  // type-is counts `Content-Length: 0` as a body; body-parser would turn it into {}.
  if (matched === null || req.get('content-length') === '0') {
    next(new HttpError(400, 'request body required', [{ field: 'body', message: 'expected a JSON body' }]));
  } else if (matched === false) {
    const given = (req.get('content-type') ?? '').slice(0, 100);
    const message = `expected application/json, got ${given}`;
    next(new HttpError(415, 'unsupported content type', [{ field: 'content-type', message }]));
  } else {
    next();
  }
};

export function jsonBody(limitBytes: number): RequestHandler[] {
  // requireJson has checked the type: body-parser need not parse the Content-Type header again.
  return [requireJson, express.json({ limit: limitBytes, type: () => true })];
}
