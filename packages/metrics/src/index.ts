export * from './alerts.js';
export * from './catalogue.js';
export * from './node-defaults.js';
