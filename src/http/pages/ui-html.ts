/** The HTML frame of our interactive pages (connect page, dashboard) and their security headers. */
import { escapeHtml } from './html.js';

export interface UiPageOptions {
  title: string;
  body: string;
  /** Path prefix from the page to the site root ('' or '../'), so links work behind a path prefix. */
  root: string;
  /** Absent: a page without script (the public request log page). */
  script?: 'connect.js' | 'dashboard.js';
  bodyClass: string;
}

export function uiPage(options: UiPageOptions): string {
  const { root } = options;
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="referrer" content="no-referrer">' +
    `<title>${escapeHtml(options.title)}</title>` +
    `<link rel="icon" href="${root}assets/ui/icon.svg" type="image/svg+xml">` +
    `<link rel="stylesheet" href="${root}assets/ui/ui.css">` +
    (options.script ? `<script src="${root}assets/ui/${options.script}"></script>` : '') +
    `</head><body class="${options.bodyClass}">${options.body}</body></html>`
  );
}

const COMMON = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'";

/** The connect page is embedded by our customers' pages (showKomboConnect), on any origin. */
export const CONNECT_HEADERS: Record<string, string> = {
  'Content-Security-Policy': `${COMMON}; form-action 'self'; frame-ancestors *`,
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** The dashboard is never framed (its buttons act with the operator's key). */
export const DASHBOARD_HEADERS: Record<string, string> = {
  'Content-Security-Policy': `${COMMON}; connect-src 'self'; form-action 'self'; frame-ancestors 'none'`,
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};
