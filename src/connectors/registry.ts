/** Every tool this server can connect to, by id. Adding a vendor means adding a line here. */
import type { Connector } from './connector.js';
import { greenhouseConnector } from './greenhouse/connector.js';
import { sandboxConnector } from './sandbox/connector.js';
import { leverConnector } from './lever/connector.js';
import { ashbyConnector } from './ashby/connector.js';
import { workableConnector } from './workable/connector.js';
import { recruiteeConnector } from './recruitee/connector.js';
import { smartRecruitersConnector } from './smartrecruiters/connector.js';
import { teamtailorConnector } from './teamtailor/connector.js';
import { personioConnector } from './personio/connector.js';

const CONNECTORS: readonly Connector[] = [
  sandboxConnector,
  leverConnector,
  greenhouseConnector,
  workableConnector,
  ashbyConnector,
  teamtailorConnector,
  recruiteeConnector,
  smartRecruitersConnector,
  personioConnector,
];

const BY_ID = new Map(CONNECTORS.map((c) => [c.manifest.id, c]));

export function connectorFor(tool: string): Connector | undefined {
  return BY_ID.get(tool);
}

export function allConnectors(): readonly Connector[] {
  return CONNECTORS;
}
