/**
 * What `glueflow watch` and the demo print for an event (`hookNameOf`) is the hook the engine delivers
 * it to first. They were two routings: the demo printed `flexible-asset:created` under a line counting
 * `onDocumentCreated` for every markdown runbook.
 */
import { describe, expect, it } from '@jest/globals';
import { EntityEventDelivery } from './entity-event-delivery.js';
import type { EmittableEvent } from './events.js';
import { hookNameOf } from './events.js';
import type { EntityEvent } from './events.js';
import { createHooks } from './hooks.js';

const event = (type: EntityEvent['type'], action: EntityEvent['action'], more = {}): EmittableEvent =>
  ({
    id: `${type}-${action}`,
    type,
    action,
    source: 'pipeline:test',
    at: '2026-01-01T00:00:00.000Z',
    instance: 'default',
    recordId: '1',
    record: { id: '1' },
    ...more,
  }) as EmittableEvent;

/** The hooks an event reaches, in order, by the names the run summary counts them under. */
async function deliveries(emitted: EmittableEvent): Promise<string[]> {
  const hooks = createHooks();
  const reached: string[] = [];
  hooks.onDocumentCreated.tap('test', () => void reached.push('onDocumentCreated'));
  hooks.onOrganizationUpdated.tap('test', () => void reached.push('onOrganizationUpdated'));
  hooks.onPasswordRotated.tap('test', () => void reached.push('onPasswordRotated'));
  const key = `${emitted.type}:${emitted.action}` as const;
  hooks.entity.for(key).tap('test', () => void reached.push(key));
  hooks.onEntityEvent.tap('test', () => void reached.push('onEntityEvent'));
  const delivery = new EntityEventDelivery(hooks);
  await delivery.emit(emitted);
  expect(Object.keys(delivery.counts)).toEqual(reached);
  return reached;
}

describe('event routing', () => {
  it.each([
    ['a document created', event('document', 'created'), 'onDocumentCreated'],
    [
      'a flexible asset created from markdown',
      event('flexible-asset', 'created', { documentSource: true }),
      'onDocumentCreated',
    ],
    ['a flexible asset created by PSA', event('flexible-asset', 'created'), 'flexible-asset:created'],
    [
      'a flexible asset from markdown updated',
      event('flexible-asset', 'updated', { documentSource: true, after: { id: '1' }, changedFields: [] }),
      'flexible-asset:updated',
    ],
    [
      'an organization updated',
      event('organization', 'updated', { after: { id: '1' }, changedFields: ['name'] }),
      'onOrganizationUpdated',
    ],
    ['an organization created', event('organization', 'created'), 'organization:created'],
    [
      'a password rotated',
      event('password', 'updated', { passwordUpdatedAt: '2026-01-01T00:00:00.000Z', changedFields: [] }),
      'onPasswordRotated',
    ],
    [
      'a password updated without a new value',
      event('password', 'updated', { changedFields: ['notes'] }),
      'password:updated',
    ],
    ['a configuration deleted', event('configuration', 'deleted'), 'configuration:deleted'],
  ])('%s is shown under the hook it reaches first', async (_case, emitted, shown) => {
    const reached = await deliveries(emitted);
    expect(reached[0]).toBe(shown);
    expect(hookNameOf(emitted)).toBe(shown);
    expect(reached.slice(-2)).toEqual([`${emitted.type}:${emitted.action}`, 'onEntityEvent']);
  });
});
