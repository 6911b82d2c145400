/**
 * Which write actions a connector can perform, decided from its manifest (`capabilities.writes`)
 * and from the operations it implements — never from the tool's name. Integration details and
 * the write service both ask here, so what details promise is what the API does.
 *
 * @example
 * writeActionSupport(connector, 'ats_add_application_result_link');
 * // { coverage: 'SUPPORTED', operations: ['addApplicationNote'], strategy: 'note' }
 */
import type { Connector } from '../connectors/connector.js';
import type { ResultLinkStrategy, WriteActionId, WriteOperation } from '../connectors/writes.js';
import type { CoverageStatus as Coverage } from '../model/integration.js';
import { ActionNotAvailableError } from '../lib/errors.js';

const RESULT_LINK_OPS: Record<'application' | 'candidate', Record<ResultLinkStrategy, WriteOperation>> = {
  application: {
    native: 'addApplicationResultLink',
    link_field: 'addApplicationResultLink',
    custom_field: 'addApplicationResultLink',
    note: 'addApplicationNote',
    attachment: 'addApplicationAttachment',
  },
  candidate: {
    native: 'addCandidateResultLink',
    link_field: 'addCandidateResultLink',
    custom_field: 'addCandidateResultLink',
    note: 'addCandidateNote',
    attachment: 'addCandidateAttachment',
  },
};

/** The connector operation an action is carried out with, given how the tool stores result links. */
export function operationFor(action: WriteActionId, strategy: ResultLinkStrategy): WriteOperation {
  switch (action) {
    case 'ats_move_application_to_stage':
      return 'moveApplicationToStage';
    case 'ats_add_application_result_link':
      return RESULT_LINK_OPS.application[strategy];
    case 'ats_add_application_note':
      return 'addApplicationNote';
    case 'ats_add_application_attachment':
      return 'addApplicationAttachment';
    case 'ats_reject_application':
      return 'rejectApplication';
    case 'ats_create_candidate':
    case 'ats_create_application':
      return 'createApplication';
    case 'ats_add_candidate_attachment':
      return 'addCandidateAttachment';
    case 'ats_add_candidate_result_link':
      return RESULT_LINK_OPS.candidate[strategy];
    case 'ats_add_candidate_tag':
      return 'addCandidateTag';
    case 'ats_remove_candidate_tag':
      return 'removeCandidateTag';
    case 'ats_import_tracked_application':
      return 'importTrackedApplication';
  }
}

export interface ActionSupport {
  coverage: Coverage;
  operation: WriteOperation;
  strategy: ResultLinkStrategy;
}

export function writeActionSupport(connector: Connector, action: WriteActionId): ActionSupport {
  const caps = connector.manifest.capabilities.writes;
  const strategy = caps?.resultLinks ?? 'native';
  const operation = operationFor(action, strategy);
  const implemented = typeof connector.writes?.[operation] === 'function';
  const coverage: Coverage =
    caps?.actions.includes(action) && implemented ? 'SUPPORTED' : caps?.unsupported?.includes(action) ? 'UNSUPPORTED' : 'NOT_IMPLEMENTED';
  return { coverage, operation, strategy };
}

/** Field coverage of an action: the action's own, minus the fields the tool ignores. */
export function writeFieldCoverage(connector: Connector, action: WriteActionId, field: string): Coverage {
  const support = writeActionSupport(connector, action);
  if (support.coverage !== 'SUPPORTED') return support.coverage;
  const ignored = connector.manifest.capabilities.writes?.ignoredFields?.[action] ?? [];
  return ignored.includes(field) ? 'UNSUPPORTED' : 'SUPPORTED';
}

/** The credential fields an integration with `credentials` lacks for `action` (the manifest's `credentialsNeeded`). */
export function missingCredentials(connector: Connector, action: WriteActionId, credentials: Readonly<Record<string, string>>): string[] {
  const needed = connector.manifest.capabilities.writes?.credentialsNeeded?.[action] ?? [];
  return needed.filter((key) => !credentials[key]?.trim());
}

/** Whether this integration can perform `action`: the tool can, and the integration holds the credentials it needs. */
export function writeActionAvailable(connector: Connector, action: WriteActionId, credentials: Readonly<Record<string, string>> | null): boolean {
  return writeActionSupport(connector, action).coverage === 'SUPPORTED' && (credentials === null || missingCredentials(connector, action, credentials).length === 0);
}

/**
 * Throws INTEGRATION.ACTION_NOT_AVAILABLE unless the connector can perform `action` (and, given the
 * integration's `credentials`, the integration holds those the action needs).
 */
export function requireWriteAction(connector: Connector, action: WriteActionId, label: string, credentials?: Readonly<Record<string, string>>): ActionSupport {
  const support = writeActionSupport(connector, action);
  const tool = connector.manifest.label;
  if (support.coverage === 'SUPPORTED') {
    const missing = credentials ? missingCredentials(connector, action, credentials) : [];
    if (missing.length === 0) return support;
    const names = missing.map((key) => connector.manifest.credentials.find((f) => f.key === key)?.label ?? key);
    throw new ActionNotAvailableError(`"${label}" needs ${names.join(' and ')} (${missing.join(', ')}), which this ${tool} integration was connected without. Reconnect it with them to perform it.`);
  }
  const reason = connector.manifest.capabilities.writes?.unsupportedReason;
  throw new ActionNotAvailableError(
    support.coverage === 'UNSUPPORTED'
      ? `${tool} does not support "${label}", so this integration cannot perform it.${reason ? ` ${reason}` : ''} The integration details list what it can do under write_actions.`
      : `"${label}" is not available for ${tool} integrations yet. The integration details list what it can do under write_actions.`,
  );
}
