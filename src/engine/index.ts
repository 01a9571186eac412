/**
 * The engine: its contract (engineApi.ts), the facade (engine.ts), how the default one is opened
 * (create.ts), and the use-cases every entrance calls (inject.ts, patternPack.ts).
 */
export { defaultEngineConfig, type EngineConfig, type EngineOptions, MistakeEngine } from './engine';
export { createEngine, type CreateEngineOptions } from './create';
export { LONG_LIVED_WRITES } from './writeSchedule';
