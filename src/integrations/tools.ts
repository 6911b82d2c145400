/**
 * The tool catalogue (`GET /v1/tools/{category}`, contract §5.13): every registered connector with
 * its assets (our own SVGs) and coverage, all read from the manifest and the connector.
 */
import type { Connector } from '../connectors/connector.js';
import { writeActionSupport, writeFieldCoverage } from '../writes/capabilities.js';
import { readModelCoverage, WRITE_ACTIONS, type Coverage } from './read-models.js';
import { toolAssets } from './tool-assets.js';

export interface ToolEntry {
  id: string;
  label: string;
  internal_label: string | null;
  assets: { logo_url: string; icon_url: string; icon_black_url: string };
  paid_api_details_markdown: string | null;
  fast_track_details_markdown: string | null;
  partner_only_details_markdown: string | null;
  connection_guide_url: string | null;
  coverage: {
    read_models: Array<{ id: string; label: string; coverage_status: Coverage; fields: Array<{ id: string; coverage_status: Coverage }> }>;
    write_actions: Array<{ id: string; label: string; coverage_status: Coverage; fields: Array<{ id: string; coverage_status: Coverage }> }>;
    features: Array<{ id: string; label: string; coverage_status: Coverage }>;
  };
}

export function toolEntry(connector: Connector, base: string): ToolEntry {
  const { manifest } = connector;
  return {
    id: manifest.id,
    label: manifest.label,
    internal_label: null,
    assets: toolAssets(base, manifest.id),
    paid_api_details_markdown: null,
    fast_track_details_markdown: null,
    partner_only_details_markdown: null,
    connection_guide_url: null,
    coverage: {
      read_models: readModelCoverage(manifest),
      write_actions: WRITE_ACTIONS.map((action) => ({
        id: action.id,
        label: action.label,
        coverage_status: writeActionSupport(connector, action.id).coverage,
        fields: action.fields.map((field) => ({ id: field, coverage_status: writeFieldCoverage(connector, action.id, field) })),
      })),
      features: [],
    },
  };
}

/** Tools of a category; this server connects ATS tools only, so other categories are empty. */
export function toolCatalogue(category: string, connectors: readonly Connector[], base: string): ToolEntry[] {
  if (category !== 'ats') return [];
  return connectors.filter((c) => c.manifest.category === 'ATS').map((c) => toolEntry(c, base));
}
