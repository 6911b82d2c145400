/**
 * The official SDK versions every SDK-driven test runs against: 1.1.3 (`@kombo-api/sdk`, what the
 * wire contract was first checked against) and 1.3.4 (`kombo-sdk-latest`, vendored in
 * `test/vendor`). Each validates every response with its own schemas, so a suite parameterised
 * over `SDKS` fails on any answer one of them would refuse.
 *
 * The two packages' types cannot be converted into each other (each brands unknown enum strings
 * with its own unique symbol), so a client is the union of both, and calls on it type-check
 * against both versions at once; `walk` and the error guards below keep that union typed.
 *
 * @example
 * describe.each(SDKS)('reads with SDK $name', (sdk) => {
 *   const kombo = sdk.client({ api_key, integration_id, server_url: `${url}/v1` });
 *   const jobs = await walk(kombo.ats.getJobs({ page_size: 250 }));
 * });
 */
import { Kombo as Kombo113 } from '@kombo-api/sdk';
import * as models113 from '@kombo-api/sdk/models';
import * as errors113 from '@kombo-api/sdk/models/errors';
import { Kombo as Kombo134 } from 'kombo-sdk-latest';
import * as models134 from 'kombo-sdk-latest/models';
import * as errors134 from 'kombo-sdk-latest/models/errors';
import { DIALECTS, type Dialect } from './dialects.js';

export type KomboClient = Kombo113 | Kombo134;
/** Each version's client, where a test needs what both take (e.g. the intersection of a request type). */
export type { Kombo113, Kombo134 };
export type KomboAtsError = errors113.KomboAtsError | errors134.KomboAtsError;
export type KomboGeneralError = errors113.KomboGeneralError | errors134.KomboGeneralError;

export interface ClientOptions {
  api_key?: string;
  integration_id?: string;
  server_url: string;
}

export interface Sdk {
  /** The SDK's version, for test names. */
  name: '1.1.3' | '1.3.4';
  client(options: ClientOptions): KomboClient;
  KomboAtsError: typeof errors113.KomboAtsError | typeof errors134.KomboAtsError;
  KomboGeneralError: typeof errors113.KomboGeneralError | typeof errors134.KomboGeneralError;
}

export const SDKS: readonly Sdk[] = [
  { name: '1.1.3', client: (o) => new Kombo113(o), KomboAtsError: errors113.KomboAtsError, KomboGeneralError: errors113.KomboGeneralError },
  { name: '1.3.4', client: (o) => new Kombo134(o), KomboAtsError: errors134.KomboAtsError, KomboGeneralError: errors134.KomboGeneralError },
];

/** Whether `err` is the ATS error class of `sdk` (each version throws its own classes). */
export const isAtsError = (sdk: Sdk, err: unknown): err is KomboAtsError => err instanceof sdk.KomboAtsError;
export const isGeneralError = (sdk: Sdk, err: unknown): err is KomboGeneralError => err instanceof sdk.KomboGeneralError;

/** One page of an SDK list call. */
export type Page<T> = { result: { data: { results: T[]; next: string | null } } };

/** The record type of a list call's pages, for either SDK version (distributes over the union). */
export type ResultsOf<I> = I extends AsyncIterable<infer P> ? (P extends Page<infer T> ? T : never) : never;

/** Every record of an SDK list call, following all pages. */
export async function walk<Q extends Promise<AsyncIterable<Page<unknown>>>>(first: Q): Promise<Array<ResultsOf<Awaited<Q>>>> {
  const out: Array<ResultsOf<Awaited<Q>>> = [];
  // TypeScript reads a generic iterable's items through its constraint (Page<unknown>); ResultsOf
  // names what the call's own iterator yields.
  for await (const page of await first) out.push(...(page.result.data.results as Array<ResultsOf<Awaited<Q>>>));
  return out;
}

/** Every SDK version on every storage dialect, for `describe.each` (`$name` reads "sqlite, SDK 1.3.4"). */
export function sdkDialects(): Array<{ name: string; sdk: Sdk; dialect: Dialect }> {
  return SDKS.flatMap((sdk) => DIALECTS.map((dialect) => ({ name: `${dialect.name}, SDK ${sdk.name}`, sdk, dialect })));
}

/** The SDK's webhook payload parsers, by name (the same in both versions). */
export type WebhookParser =
  | 'connectionFlowFailedWebhookPayloadFromJSON'
  | 'dataChangedWebhookPayloadFromJSON'
  | 'integrationCreatedWebhookPayloadFromJSON'
  | 'integrationDeletedWebhookPayloadFromJSON'
  | 'integrationStateChangedWebhookPayloadFromJSON'
  | 'syncFinishedWebhookPayloadFromJSON';

/** Whether a webhook body parses with that parser of every SDK version. */
export function webhookParses(parser: WebhookParser, raw: string): boolean {
  return models113[parser](raw).ok && models134[parser](raw).ok;
}
