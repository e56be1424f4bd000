export * from './associations.js';
export * from './cast.js';
export * from './catalog.js';
export * from './errors.js';
export * from './identifiers.js';
export * from './plan.js';
export * from './types.js';
