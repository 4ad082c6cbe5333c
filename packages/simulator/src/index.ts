export { createRandom, type Random } from './random.js';
export { simulate, DEFAULT_SIMULATION, type FraudScenario, type LabelledTransaction, type SimulationOptions } from './simulator.js';
