export {
  type DeliverOptions,
  type Delivery,
  MAX_DELIVERY_RETRIES,
  type SignatureEncoding,
  signDelivery,
} from './deliveries.js';
export { EVENT_RETENTION_MS, EVENT_TYPES, type EventScope, type EventType, type SimulatorEvent } from './events.js';
export { DEFAULT_API_VERSION, type Fault, type SimulatorCall } from './pipeline.js';
export { type BulkSyncBehaviour, type ModelSyncBehaviour, ORGANIZATION, SIMULATOR_IDS } from './seed.js';
export {
  createPolytomicSimulator,
  type PolytomicSimulator,
  type RunNowOutcome,
  type SimulatedBulkSync,
  type SimulatedConnection,
  type SimulatedSync,
  type SimulatorOptions,
  type StartedRefresh,
  type StartedRun,
} from './simulator.js';
export type { RunResult } from './timeline.js';
