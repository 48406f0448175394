import { describe, expect, it } from 'vitest';
import { ProfileInput } from '../contract.ts';
import { openCache } from '../cache/open-cache.ts';
import { ProfileStore } from './profiles.ts';

describe('ProfileStore', () => {
  it('saves, normalises and updates a profile', () => {
    const store = new ProfileStore(openCache(':memory:').db);
    const saved = store.save(ProfileInput.parse({ name: 'Local', bootstrap: ' 127.0.0.1:9092 , 127.0.0.1:9093', registryUrl: 'http://127.0.0.1:8080/apis/ccompat/v7/', label: 'dev', color: '#112233' }));
    expect(saved).toMatchObject({ bootstrap: '127.0.0.1:9092,127.0.0.1:9093', registryUrl: 'http://127.0.0.1:8080/apis/ccompat/v7' });
    const renamed = store.save(ProfileInput.parse({ id: saved.id, name: 'Laptop', bootstrap: '127.0.0.1:9092', label: '', color: '#112233' }));
    expect(renamed.name).toBe('Laptop');
    expect(store.list()).toHaveLength(1);
  });

  it('refuses a second profile with the same name', () => {
    const store = new ProfileStore(openCache(':memory:').db);
    store.save(ProfileInput.parse({ name: 'prod', bootstrap: 'b:9092', label: '', color: '#112233' }));
    expect(() => store.save(ProfileInput.parse({ name: 'PROD', bootstrap: 'c:9092', label: '', color: '#112233' }))).toThrow(/A profile named "PROD" already exists/);
  });

  it('names a missing profile', () => {
    const store = new ProfileStore(openCache(':memory:').db);
    expect(() => store.get('nope')).toThrow(/No connection profile with id "nope"/);
  });
});
