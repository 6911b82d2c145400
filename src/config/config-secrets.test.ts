/** Configuration errors name the variable but never show a secret: key values hidden, URL passwords masked. */
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, parseConfig } from './config.js';

const SECRET = 'Tr0ub4dor-and-3';

function errorOf(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`${JSON.stringify(Object.keys(env))} was accepted`);
}

describe('configuration errors and secrets', () => {
  it('mask the password of a refused database URL and keep the rest', () => {
    const message = errorOf({ DATABASE_URL: `mysql://u:${SECRET}@localhost/db` });
    expect(message).toBe('Invalid configuration:\n  DATABASE_URL="mysql://u:***@localhost/db": must be a postgres:// URL');
  });

  it('never show the value of API_KEY, ENCRYPTION_KEY or WEBHOOK_SECRET', () => {
    expect(errorOf({ API_KEY: 'short' })).toBe('Invalid configuration:\n  API_KEY=(5 characters, not shown): must be at least 16 characters');
    expect(errorOf({ WEBHOOK_URL: 'https://example.com/hook', WEBHOOK_SECRET: 'tiny' })).toBe(
      'Invalid configuration:\n  WEBHOOK_SECRET=(4 characters, not shown): must be at least 8 characters',
    );
  });

  // Every variable gets a URL with a password (where it is refused, the message shows the URL masked).
  it.each(CONFIG_VARIABLES)('%s: a refused URL never shows its password', (name) => {
    let message = '';
    try {
      parseConfig({ [name]: `ftp://someone:${SECRET}@host/x` });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
      expect(message).toContain(name);
    }
    expect(message).not.toContain(SECRET);
  });

  it('mask passwords in URLs that fail for a reason other than their shape', () => {
    const message = errorOf({ ROLE: 'api', WEBHOOK_URL: `https://hooks:${SECRET}@example.com/x`, WEBHOOK_SECRET: 'long enough secret' });
    expect(message).toContain('ROLE="api"');
    expect(message).not.toContain(SECRET);
  });
});
