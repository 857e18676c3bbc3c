/**
 * The keys a zod schema accepts at a key path, for "did you mean …?" on an unknown key. zod's
 * `unrecognized_keys` issue names the stray key but not its neighbours, so the schema is walked
 * along the path; wrappers (optional, default, pipe …) are looked through and every branch
 * of a union that could hold the path contributes its keys.
 */
import type { z } from 'zod';
import type { KeyPath } from './problems.js';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  innerType?: z.ZodType;
  in?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schemas a value has at this point, wrappers looked through and union branches spread. */
function expand(schema: z.ZodType, depth = 0): z.ZodType[] {
  if (depth > 20) return [];
  const def = defOf(schema);
  const inner = def.innerType ?? def.in ?? def.getter?.();
  if (inner) return expand(inner, depth + 1);
  if (def.type === 'union') return (def.options ?? []).flatMap((option) => expand(option, depth + 1));
  if (def.type === 'intersection')
    return [def.left, def.right].flatMap((side) => (side ? expand(side, depth + 1) : []));
  return [schema];
}

function child(schema: z.ZodType, part: string | number | symbol): z.ZodType[] {
  const def = defOf(schema);
  if (def.type === 'object' && typeof part === 'string' && def.shape?.[part]) return [def.shape[part]];
  if (def.type === 'array' && typeof part === 'number' && def.element) return [def.element];
  if (def.type === 'tuple' && typeof part === 'number') {
    const item = def.items?.[part] ?? def.rest;
    return item ? [item] : [];
  }
  if (def.type === 'record' && def.valueType) return [def.valueType];
  return [];
}

/** Every key an object at `path` of `schema` may have; [] when the path leads to no object. */
export function knownKeysAt(schema: z.ZodType, path: KeyPath): string[] {
  let at = expand(schema);
  for (const part of path) at = at.flatMap((s) => child(s, part)).flatMap((s) => expand(s));
  const keys = at.flatMap((s) => {
    const def = defOf(s);
    return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
  });
  return [...new Set(keys)];
}
