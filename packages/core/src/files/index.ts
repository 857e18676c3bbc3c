export { writeFileWithin, insideRoot, isWithin } from './write-within.js';
export type { WriteWithinOptions } from './write-within.js';
