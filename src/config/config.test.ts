import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.sandbox).toEqual({ enabled: true, size: 500 });
    expect(config.logLevel).toBe('info');
    expect(config.allowCustomBaseUrls).toBe(false);
    expect(config.dataDir.endsWith('/data')).toBe(true);
  });

  it('reads every variable', () => {
    const config = parseConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://u:p@localhost/db',
      API_KEY: 'k'.repeat(32),
      ENCRYPTION_KEY: 'e'.repeat(64),
      SANDBOX: '0',
      SANDBOX_SIZE: '20',
      LOG_LEVEL: 'debug',
      ALLOW_CUSTOM_BASE_URLS: '1',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/tmp/x',
      databaseUrl: 'postgres://u:p@localhost/db',
      sandbox: { enabled: false, size: 20 },
      logLevel: 'debug',
      allowCustomBaseUrls: true,
    });
  });

  it('reads durations, webhook and role settings', () => {
    const config = parseConfig({
      FULL_SYNC_INTERVAL: '12h',
      DELTA_SYNC_INTERVAL: '90s',
      DELETED_RETENTION: '7d',
      WEBHOOK_URL: 'https://example.com/hook',
      WEBHOOK_SECRET: 'supersecret',
      ROLE: 'worker',
      DATABASE_URL: 'postgres://localhost/x',
    });
    expect(config.sync).toMatchObject({ fullIntervalMs: 12 * 3_600_000, deltaIntervalMs: 90_000, deletedRetentionMs: 7 * 86_400_000 });
    expect(config.webhook).toEqual({ url: 'https://example.com/hook', secret: 'supersecret' });
    expect(config.role).toBe('worker');
    expect(parseConfig({}).sync).toMatchObject({ fullIntervalMs: 86_400_000, deltaIntervalMs: 900_000, deletedRetentionMs: 14 * 86_400_000 });
    expect(() => parseConfig({ DELTA_SYNC_INTERVAL: 'soon' })).toThrow(/DELTA_SYNC_INTERVAL/);
    expect(() => parseConfig({ WEBHOOK_URL: 'https://example.com/hook' })).toThrow(/WEBHOOK_SECRET/);
    expect(() => parseConfig({ ROLE: 'worker' })).toThrow(/ROLE/);
  });

  it('reads the vendor-webhook coalescing window in milliseconds (empty: the default) and refuses anything else', () => {
    expect(parseConfig({}).vendorWebhookCoalesceMs).toBe(500);
    expect(parseConfig({ VENDOR_WEBHOOK_COALESCE_MS: '' }).vendorWebhookCoalesceMs).toBe(500);
    expect(parseConfig({ VENDOR_WEBHOOK_COALESCE_MS: '0' }).vendorWebhookCoalesceMs).toBe(0);
    expect(parseConfig({ VENDOR_WEBHOOK_COALESCE_MS: '2000' }).vendorWebhookCoalesceMs).toBe(2000);
    for (const bad of ['-1', '1.5', '60001', 'soon', '500ms']) {
      expect(() => parseConfig({ VENDOR_WEBHOOK_COALESCE_MS: bad }), bad).toThrow(`VENDOR_WEBHOOK_COALESCE_MS="${bad}": must be a whole number of milliseconds from 0 to 60000`);
    }
  });

  it('reads the attachment settings: private address access and the size cap', () => {
    expect(parseConfig({})).toMatchObject({ allowPrivateAttachmentUrls: false, maxAttachmentBytes: 25 * 1024 * 1024 });
    expect(parseConfig({ ALLOW_PRIVATE_ATTACHMENT_URLS: '1' }).allowPrivateAttachmentUrls).toBe(true);
    expect(parseConfig({ ALLOW_PRIVATE_ATTACHMENT_URLS: 'off' }).allowPrivateAttachmentUrls).toBe(false);
    expect(parseConfig({ ALLOW_PRIVATE_ATTACHMENT_URLS: '10.0.0.0/8, fd00::/8,127.0.0.1' }).allowPrivateAttachmentUrls).toEqual(['10.0.0.0/8', 'fd00::/8', '127.0.0.1']);
    expect(parseConfig({ MAX_ATTACHMENT_BYTES: '1048576' }).maxAttachmentBytes).toBe(1_048_576);
    expect(() => parseConfig({ ALLOW_PRIVATE_ATTACHMENT_URLS: 'intranet' })).toThrow(/ALLOW_PRIVATE_ATTACHMENT_URLS="intranet"/);
    expect(() => parseConfig({ MAX_ATTACHMENT_BYTES: '0' })).toThrow(/MAX_ATTACHMENT_BYTES/);
  });

  it('answers setup-pending with 503 unless SETUP_PENDING_STATUS asks for 409, and refuses other statuses', () => {
    expect(parseConfig({}).setupPendingStatus).toBe(503);
    expect(parseConfig({ SETUP_PENDING_STATUS: '' }).setupPendingStatus).toBe(503);
    expect(parseConfig({ SETUP_PENDING_STATUS: '503' }).setupPendingStatus).toBe(503);
    expect(parseConfig({ SETUP_PENDING_STATUS: '409' }).setupPendingStatus).toBe(409);
    expect(() => parseConfig({ SETUP_PENDING_STATUS: '500' })).toThrow(/SETUP_PENDING_STATUS="500": must be 503 or 409/);
  });

  it('names the variable and the value it rejects', () => {
    expect(() => parseConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => parseConfig({ PORT: 'abc' })).toThrow(/PORT="abc"/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => parseConfig({ SANDBOX: 'maybe' })).toThrow(/SANDBOX/);
  });
});
