// Where glueflow keeps caches and state: one rule, shared with the client's rate budget (itglue/home.ts).
export { resolveGlueflowHome } from '@glueflow/itglue';
