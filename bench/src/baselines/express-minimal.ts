/** Baseline: a minimal Express 5 JSON handler (what the predictor is held to, at 0.8x). */
import express from 'express';
import { exitOnSigterm, listenAddress } from './process.js';
import { predictionFor, READY, legacyPredictionFor } from './responses.js';

const app = express();
app.disable('x-powered-by');
app.post('/v1/predict', express.json(), (req, res) => {
  res.json(predictionFor(req.body));
});
app.get('/predict', (req, res) => {
  res.json(legacyPredictionFor(req.query));
});
app.get('/readyz', (_req, res) => {
  res.json(READY);
});

const { port, host } = listenAddress();
app.listen(port, host);
exitOnSigterm();
