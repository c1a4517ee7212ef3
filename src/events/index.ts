export { Emitter, type EmitterOptions, type Listener } from './emitter.js';
