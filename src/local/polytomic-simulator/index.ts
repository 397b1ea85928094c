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
export { DEFAULT_API_VERSION, type Fault, type SimulatorCall } from './pipeline.js';
export { ORGANIZATION, SIMULATOR_IDS, type BulkSyncBehaviour, type ModelSyncBehaviour } from './seed.js';
export { EVENT_RETENTION_MS, EVENT_TYPES, type EventScope, type EventType, type SimulatorEvent } from './events.js';
export { MAX_DELIVERY_RETRIES, signDelivery, type DeliverOptions, type Delivery, type SignatureEncoding } from './deliveries.js';
export type { RunResult } from './timeline.js';
