// Public entry of the Polytomic API simulator; the parts live in ./polytomic-simulator/.
export * from './polytomic-simulator/index.js';
