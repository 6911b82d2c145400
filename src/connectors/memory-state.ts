import type { ConnectorState } from './connector.js';

/** Connector state kept in memory: for credential checks before an integration exists, and tests. */
export function memoryState(): ConnectorState {
  const values = new Map<string, string>();
  return {
    get: (key) => Promise.resolve(values.get(key) ?? null),
    set: (key, value) => {
      if (value === null) values.delete(key);
      else values.set(key, value);
      return Promise.resolve();
    },
  };
}
