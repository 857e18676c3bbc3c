/**
 * The one event builder. Event ids are pinned: `watch`, a re-delivery and a later `serve` recognise a
 * change by its id, so a change in how ids are made would re-announce every change once.
 */
import { describe, expect, it } from '@jest/globals';
import { createHooks, HOOK_DEFINITIONS } from './hooks.js';
import { entityEvent } from './events.js';

const pipeline = {
  source: 'pipeline:psa-sync',
  at: '2026-01-02T03:04:05.000Z',
  instance: 'default',
} as const;
const watch = { source: 'watch', at: '2026-01-02T03:04:05.000Z', instance: 'default' } as const;

describe('entityEvent', () => {
  it('makes the ids the write gate and the watcher have always made', () => {
    const updatedAt = '2026-01-02T03:04:05.000Z';
    const written = entityEvent({
      ...pipeline,
      type: 'organization',
      action: 'updated',
      record: { id: '42', name: 'Acme', updatedAt },
      before: { id: '42', name: 'Acme Corp' },
      changedFields: ['name'],
      version: updatedAt,
    });
    expect(written.id).toBe('dd8856d76b2a329df65319d5f2d96c2d');
    const deleted = entityEvent({
      ...watch,
      type: 'configuration',
      action: 'deleted',
      record: { id: 7 },
      version: '991',
    });
    expect(deleted.id).toBe('a3c9964637269ae54c0fb9058f318097');
    // A record IT Glue sent without updated-at: the watcher's version is empty, not absent.
    expect(
      entityEvent({ ...watch, type: 'password', action: 'updated', record: { id: '9' }, version: '' }).id,
    ).toBe('9eb7f158594ae93dcd469ae8b503826e');
    expect(entityEvent({ ...pipeline, type: 'attachment', action: 'created', record: { id: '5' } }).id).toBe(
      '6d370b08361357764bf4c3270b6154b2',
    );
  });

  it('gives an update its after, changed fields and (when known) before; a create or deletion neither', () => {
    const record = { id: 3, name: 'fw01', password: 'hunter2' };
    const updated = entityEvent({ ...watch, type: 'configuration', action: 'updated', record, version: 'v' });
    expect(updated).toEqual({
      id: expect.any(String),
      ...watch,
      type: 'configuration',
      action: 'updated',
      recordId: '3',
      record: { id: '3', name: 'fw01' },
      after: { id: '3', name: 'fw01' },
      changedFields: [],
    });
    expect(updated).not.toHaveProperty('before');
    const created = entityEvent({
      ...pipeline,
      type: 'configuration',
      action: 'created',
      record,
      plugin: 'psa',
    });
    expect(Object.keys(created).sort()).toEqual(
      ['action', 'at', 'id', 'instance', 'plugin', 'record', 'recordId', 'source', 'type'].sort(),
    );
  });

  it('carries a rotation’s times and never the password', () => {
    const event = entityEvent({
      ...watch,
      type: 'password',
      action: 'updated',
      record: { id: '9', password: 'hunter2', passwordUpdatedAt: 'b' },
      before: { id: '9', password: 'old', passwordUpdatedAt: 'a' },
      changedFields: ['passwordUpdatedAt'],
      version: 'b',
      rotation: { passwordUpdatedAt: 'b', previousPasswordUpdatedAt: 'a' },
    });
    expect(event).toMatchObject({ passwordUpdatedAt: 'b', previousPasswordUpdatedAt: 'a' });
    expect(JSON.stringify(event)).not.toMatch(/hunter2|old"/);
  });
});

describe('HOOK_DEFINITIONS', () => {
  it('has one row per hook, in the order createHooks declares them', () => {
    expect(Object.keys(HOOK_DEFINITIONS)).toEqual(Object.keys(createHooks()));
  });
});
