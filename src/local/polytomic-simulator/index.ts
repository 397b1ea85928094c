export {
  createPolytomicSimulator,
  type PolytomicSimulator,
  type SimulatedBulkSync,
  type SimulatedConnection,
  type SimulatedSync,
  type SimulatorOptions,
} from './simulator.js';
export { DEFAULT_API_VERSION, type Fault, type SimulatorCall } from './pipeline.js';
export { ORGANIZATION, SIMULATOR_IDS, type BulkSyncBehaviour, type ModelSyncBehaviour } from './seed.js';
