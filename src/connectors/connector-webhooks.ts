/**
 * The optional `webhooks` capability: how a vendor tells us, within seconds, that records changed.
 *
 * A delivery is a **hint**, never data: shared code (`src/webhooks/inbound/`) verifies it, asks the
 * connector which records it names, waits a moment for more (bursts are coalesced), reads those
 * records' *current* state through `refresh` and stores them on the normal engine path. So a
 * duplicate, late or out-of-order delivery only causes a read that finds what the store already has.
 *
 * Shared code never branches on a vendor: everything a vendor does differently is a function here.
 *
 * @example
 * const outcome = connector.webhooks.verify(delivery, secrets);
 * if (outcome.ok) pending.push(...connector.webhooks.eventOf(delivery).refresh);
 */
import type { ConnectorContext } from './connector.js';
import type { SourceModel, SourceRecordMap } from './source-records.js';

/** One request that reached an integration's public webhook endpoint. */
export interface InboundDelivery {
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  /** The raw body, exactly as received (signatures are over bytes, not over parsed JSON). */
  body: string;
}

/** What a delivery may be signed with. */
export interface WebhookSecrets {
  /** The secret this server generated for the integration (set on the vendor by registration, or by the customer). */
  own: string;
  /** Secrets the vendor issued: when we registered (Lever's signature tokens, the key Workable signs with), or to the customer (`secretFrom: 'vendor'`). */
  issued: readonly string[];
}

export type VerifyOutcome =
  /** `signedAt`: the signed timestamp of the delivery (epoch ms), checked against `replayWindowMs`. */
  | { ok: true; signedAt?: number }
  | { ok: false; reason: string };

export interface RecordRef {
  model: SourceModel;
  remote_id: string;
}

/** What a verified delivery asks for. */
export interface WebhookEvent {
  /** Records whose current state is read from the vendor. */
  refresh: RecordRef[];
  /**
   * The delivery says something changed but names nothing `refresh` can read (an event about a
   * model the connector cannot read by id): a delta sync catches up instead.
   */
  catchUp?: boolean;
}

/** What registration through the vendor's API left there, to remove it again (stored encrypted). */
export interface WebhookRegistration {
  /** The vendor's ids of the webhooks or subscriptions created. */
  remoteIds: string[];
  /** Secrets the vendor issued for its deliveries (see `WebhookSecrets.issued`). */
  issuedSecrets: string[];
}

/** A handshake's answer: 200 with these response headers, nothing verified or refreshed. */
export interface HandshakeAnswer {
  headers: Record<string, string>;
}

export type RefreshedRecords = { [M in SourceModel]?: Array<SourceRecordMap[M]> };

export interface RefreshResult {
  records: RefreshedRecords;
  /** Records the vendor answered "not found" for: stored as deleted. */
  gone: RecordRef[];
}

export interface ConnectorWebhooks {
  /**
   * `api`: registered through the vendor's API on connect (and removed on disable or delete);
   * `manual`: the customer adds the URL (and secret) in the vendor's settings, following `instructions`.
   */
  registration: 'api' | 'manual';
  /** Steps for the customer (manual), or what registration does (api); shown with the URL and secret. */
  instructions: string;
  /** The vendor's event names we subscribe to (api) or ask the customer to tick (manual). */
  events: readonly string[];
  /** Whether the customer must enter our secret in the vendor's settings (manual registration only). */
  showsSecret: boolean;
  /**
   * Who makes the signing secret of a manual registration: `ours` (the default; shown where
   * `showsSecret`), or `vendor`: the vendor generates it when the customer saves the webhook, and the
   * customer gives it to us (integration API or dashboard); `verify` then gets it in `secrets.issued`.
   */
  secretFrom?: 'ours' | 'vendor';
  /** The vendor's documented window for a signed timestamp; absent: the vendor documents none. */
  replayWindowMs?: number;
  /** Creates the vendor's webhooks pointing at `url` (api registration). */
  register?(ctx: ConnectorContext, endpoint: { url: string; secret: string }): Promise<WebhookRegistration>;
  /** Removes what `register` created; webhooks already gone at the vendor are no failure. */
  unregister?(ctx: ConnectorContext, registration: WebhookRegistration): Promise<void>;
  /**
   * A vendor that proves the endpoint is ours before it sends anything (SmartRecruiters echoes
   * `X-Hook-Secret` on activation): the answer for such a request, undefined for any other. Asked
   * before `verify`, and only for a path of an active integration of this tool (no I/O).
   */
  handshake?(delivery: InboundDelivery): HandshakeAnswer | undefined;
  /** Checks the vendor's signature scheme (no I/O). */
  verify(delivery: InboundDelivery, secrets: WebhookSecrets): VerifyOutcome;
  /** The records a verified delivery names (no I/O); a ping or an event we do not use names none. */
  eventOf(delivery: InboundDelivery): WebhookEvent;
  /** Reads the named records' current state, mapped exactly as a sync maps them. */
  refresh(ctx: ConnectorContext, refs: readonly RecordRef[]): Promise<RefreshResult>;
}
