// Lets a child process run our TypeScript sources directly (`node --import <this file> script.ts`),
// the way jest does through @swc/jest, so multi-process tests never run against a stale dist/.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
