/**
 * The Lua scripts behind RedisCacheEntries: each changes (or reads) a type's index in one atomic step,
 * so another worker never sees a row without its name entry or its expiry. Every script gets the
 * type's keys in the order of `indexKeys` (redis-cache-entries.ts) and they all share the instance's
 * hash tag, so on Redis Cluster they sit in one slot.
 *
 *   KEYS[1] rows  KEYS[2] names  KEYS[3] nameless  KEYS[4] expiry  KEYS[5] seq
 *   KEYS[6] write-seq  KEYS[7] bytes  KEYS[8] refreshed
 *
 * A row is the JSON array [name, folded name, organization id, expiresAt, value bytes].
 */
import { createHash } from 'node:crypto';

export interface CacheScript {
  readonly lua: string;
  readonly sha: string;
}

function script(body: string): CacheScript {
  const lua = `${UNINDEX}\n${body}`;
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

// Drops one id's row and every entry pointing at it; false when the type has no such row.
const UNINDEX = `
local function unindex(type, id)
  local raw = redis.call('HGET', KEYS[1], id)
  if not raw then return false end
  local row = cjson.decode(raw)
  if row[2] == cjson.null then redis.call('ZREM', KEYS[3], id)
  else redis.call('ZREM', KEYS[2], row[2] .. '\\0' .. id) end
  redis.call('ZREM', KEYS[4], id)
  redis.call('ZREM', KEYS[5], id)
  redis.call('HDEL', KEYS[1], id)
  redis.call('HINCRBY', KEYS[7], type, -row[5])
  return true
end
local function idOf(member)
  local at = string.find(member, '%z[^%z]*$')
  return string.sub(member, at + 1)
end`;

/** ARGV: type, expiresAt, then id and row JSON pairs. Returns the write sequence number used. */
export const WRITE = script(`
local seq = redis.call('INCR', KEYS[6])
for i = 3, #ARGV, 2 do
  local id, raw = ARGV[i], ARGV[i + 1]
  unindex(ARGV[1], id)
  local row = cjson.decode(raw)
  redis.call('HSET', KEYS[1], id, raw)
  if row[2] == cjson.null then redis.call('ZADD', KEYS[3], 0, id)
  else redis.call('ZADD', KEYS[2], 0, row[2] .. '\\0' .. id) end
  redis.call('ZADD', KEYS[4], ARGV[2], id)
  redis.call('ZADD', KEYS[5], seq, id)
  redis.call('HINCRBY', KEYS[7], ARGV[1], row[5])
end
return seq`);

/** ARGV: type, then ids. Returns the ids that had a row. */
export const REMOVE = script(`
local removed = {}
for i = 2, #ARGV do
  if unindex(ARGV[1], ARGV[i]) then table.insert(removed, ARGV[i]) end
end
return removed`);

/**
 * ARGV: type, 'expiry' or 'seq', bound, '1' to forget the type's last refresh when something went.
 * Removes the rows scored below the bound in that set; returns their ids.
 */
export const REMOVE_BELOW = script(`
local set = ARGV[2] == 'expiry' and KEYS[4] or KEYS[5]
local ids = redis.call('ZRANGEBYSCORE', set, '-inf', '(' .. ARGV[3])
for _, id in ipairs(ids) do unindex(ARGV[1], id) end
if #ids > 0 and ARGV[4] == '1' then redis.call('HDEL', KEYS[8], ARGV[1]) end
return ids`);

/** ARGV: type. Empties the type's index, byte count and last refresh. */
export const CLEAR = script(`
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
redis.call('HDEL', KEYS[7], ARGV[1])
redis.call('HDEL', KEYS[8], ARGV[1])
return 0`);

/** ARGV: folded name, '1' and an organization id to filter by. Ids with exactly that folded name. */
export const EXACT = script(`
local members = redis.call('ZRANGEBYLEX', KEYS[2], '[' .. ARGV[1] .. '\\0', '(' .. ARGV[1] .. '\\1')
local ids = {}
for _, member in ipairs(members) do
  local id = idOf(member)
  if ARGV[2] ~= '1' then table.insert(ids, id)
  else
    local raw = redis.call('HGET', KEYS[1], id)
    if raw and cjson.decode(raw)[3] == ARGV[3] then table.insert(ids, id) end
  end
end
return ids`);

/**
 * ARGV: folded prefix, limit, '1' and an organization id to filter by. Ids in name order, as SQLite's
 * range on the name index: from the prefix to the prefix followed by U+10FFFF.
 */
export const PREFIX = script(`
local from, to, limit = '[' .. ARGV[1], '(' .. ARGV[1] .. '\\244\\143\\191\\191', tonumber(ARGV[2])
local ids, offset = {}, 0
while #ids < limit do
  local chunk = ARGV[3] == '1' and 500 or limit
  local members = redis.call('ZRANGEBYLEX', KEYS[2], from, to, 'LIMIT', offset, chunk)
  for _, member in ipairs(members) do
    local id = idOf(member)
    local keep = ARGV[3] ~= '1'
    if not keep then
      local raw = redis.call('HGET', KEYS[1], id)
      keep = raw and cjson.decode(raw)[3] == ARGV[4]
    end
    if keep and #ids < limit then table.insert(ids, id) end
  end
  if #members < chunk then break end
  offset = offset + chunk
end
return ids`);

/** ARGV: offset, limit. The total and a page of ids: nameless ones first (by id), then by folded name and id. */
export const PAGE = script(`
local offset, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
local ids = {}
local nameless = redis.call('ZCARD', KEYS[3])
if offset < nameless then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[3], offset, offset + limit - 1)) do table.insert(ids, id) end
end
local rest = limit - #ids
if rest > 0 then
  local start = math.max(0, offset - nameless)
  for _, member in ipairs(redis.call('ZRANGE', KEYS[2], start, start + rest - 1)) do
    table.insert(ids, idOf(member))
  end
end
return { redis.call('HLEN', KEYS[1]), ids }`);
