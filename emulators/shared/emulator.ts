import type { Hono } from 'hono';
import type { Faults } from './faults.js';
import type { WebhookSender } from './webhook-sender.js';

export interface EmulatorOptions {
  /** Seed of the generated data; the same seed and size give the same data. */
  seed: number;
  /** Number of candidates (people) to generate. */
  size: number;
  /** Requests per second the rate limiter allows; `Infinity` turns it off. */
  rateLimitPerSecond?: number;
  /** Clock of rate-limit windows and token expiry, in epoch ms (tests pass a virtual one); default `Date.now`. */
  now?: () => number;
  /** Waits between webhook retries (tests pass a virtual clock's `sleep`); default: real timers. */
  sleep?: (ms: number) => Promise<void>;
  /** The emulator's webhook retry schedule instead of the vendor's documented one (tests shorten it). */
  webhookRetryDelaysMs?: readonly number[];
}

/** What every emulator module exports: a Hono app over its own in-memory vendor state. */
export interface Emulator {
  name: string;
  app: Hono;
  faults: Faults;
  /** Credentials that the emulator accepts, to create an integration against it. */
  credentials: Record<string, string>;
  /** Outgoing webhooks, for emulators of vendors that send them. */
  webhooks?: WebhookSender;
}

export type EmulatorFactory = (options: EmulatorOptions) => Emulator;
