/** Logos and icons are served by us (no external CDN): simple generated SVGs per tool. */
export function toolAssets(base: string, tool: string) {
  const root = `${base}/assets/tools/${encodeURIComponent(tool)}`;
  return { logo_url: `${root}/logo.svg`, icon_url: `${root}/icon.svg`, icon_black_url: `${root}/icon-black.svg` };
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function hue(tool: string): number {
  let h = 0;
  for (const ch of tool) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

export function toolSvg(tool: string, label: string, variant: 'logo' | 'icon' | 'icon-black'): string {
  const colour = variant === 'icon-black' ? '#000' : `hsl(${hue(tool)} 55% 40%)`;
  const initial = escapeXml(label.slice(0, 1).toUpperCase());
  if (variant !== 'logo') {
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="${escapeXml(label)}"><rect width="64" height="64" rx="14" fill="${colour}"/><text x="32" y="43" font-family="sans-serif" font-size="30" font-weight="700" text-anchor="middle" fill="#fff">${initial}</text></svg>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 48" role="img" aria-label="${escapeXml(label)}"><rect width="48" height="48" rx="10" fill="${colour}"/><text x="24" y="33" font-family="sans-serif" font-size="24" font-weight="700" text-anchor="middle" fill="#fff">${initial}</text><text x="58" y="32" font-family="sans-serif" font-size="22" fill="#111">${escapeXml(label)}</text></svg>`;
}
