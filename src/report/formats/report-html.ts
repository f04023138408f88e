import type { Report } from '../build-report.js';
import { formatMinutes, formatShare, reportSections } from '../report-sections.js';
import { stripControls } from '../sanitize.js';

/** Text into HTML text or attribute values: the five characters that can break out, escaped. */
export function escapeHtml(s: string): string {
  return stripControls(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const PALETTE = ['#2563eb', '#f59e0b', '#10b981', '#8b5cf6', '#ef4444', '#0ea5e9', '#84cc16', '#ec4899', '#64748b', '#14b8a6'];
const SENTIMENT_COLORS = { negative: '#dc2626', neutral: '#94a3b8', positive: '#16a34a' } as const;

const CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#f8fafc}
main{max-width:1180px;margin:0 auto;padding:24px}h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:0 0 10px}
.sub{color:#64748b;margin:0 0 20px}.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin-bottom:16px}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:12px 14px}.card b{display:block;font-size:24px}
.card span{color:#64748b;font-size:12px;text-transform:uppercase;letter-spacing:.04em}.card.alert b{color:#dc2626}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:14px 16px;margin-bottom:16px;overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #f1f5f9;vertical-align:top}
th{color:#475569;font-weight:600;border-bottom:1px solid #cbd5e1}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.text{max-width:520px;white-space:normal;word-break:break-word}.note{color:#64748b;font-size:12px;margin:8px 0 0}
.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;color:#475569;margin-top:6px}.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.empty{color:#94a3b8}.overdue{color:#dc2626;font-weight:600}svg text{font:11px system-ui,sans-serif;fill:#475569}
@media print{body{background:#fff}section,.card{break-inside:avoid}}
`;

/** One self-contained page: inline CSS and SVG, no scripts, fonts or network; all post text escaped. */
export function renderReportHtml(r: Report): string {
  const all = r.responseTimes.filter((s) => s.segment === 'all');
  const open = r.backlog.reduce((n, b) => n + b.open, 0);
  const overdue = r.backlog.reduce((n, b) => n + b.overdue, 0);
  const needing = all.reduce((n, s) => n + s.mentions, 0);
  const within = all.reduce((n, s) => n + (s.withinSla ?? 0) * s.mentions, 0);
  const total = r.volumeByDay.reduce((n, v) => n + v.counts.reduce((a, b) => a + b, 0), 0);
  const cards = [
    card('mentions', String(total)),
    card('open', String(open)),
    card('overdue', String(overdue), overdue > 0),
    card('answered within SLA', needing ? formatShare(within / needing) : '–'),
  ].join('');
  const sections = reportSections(r).map((s) => {
    const numeric = (i: number) => i > 0 && s.rows.every((row) => /^[-−\d.,%–mhd ]*$/.test(row[i] ?? ''));
    const body = s.rows.length
      ? `<table><thead><tr>${s.head.map((h, i) => `<th${numeric(i) ? ' class="n"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${s.rows
          .map(
            (row) =>
              `<tr>${row
                .map((c, i) => {
                  const cls = s.id === 'overdue' && i === row.length - 1 ? 'text' : numeric(i) ? 'n' : '';
                  const hot = s.id === 'backlog' && s.head[i] === 'overdue' && c !== '0' ? ' overdue' : '';
                  return `<td${cls || hot ? ` class="${(cls + hot).trim()}"` : ''}>${escapeHtml(c)}</td>`;
                })
                .join('')}</tr>`,
          )
          .join('')}</tbody></table>`
      : '<p class="empty">Nothing in this period.</p>';
    return `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>${body}${s.note ? `<p class="note">${escapeHtml(s.note)}</p>` : ''}</section>`;
  });
  const [backlog, response, ...rest] = sections;
  const brandColor = new Map(r.brands.map((b, i) => [b, PALETTE[i % PALETTE.length]!]));
  const charts = `<div class="grid">
<section><h2>Mentions per day</h2>${stackedBars(r.days, r.volumeByDay.map((v) => ({ label: v.brand, color: brandColor.get(v.brand)!, values: v.counts })))}</section>
<section><h2>Sentiment per day</h2>${stackedBars(r.days, (['negative', 'neutral', 'positive'] as const).map((k) => ({ label: k, color: SENTIMENT_COLORS[k], values: r.sentimentTrend.map((t) => t[k]) })))}</section>
<section><h2>Share of voice</h2>${horizontalBars(r.shareOfVoice.map((v, i) => ({ label: v.competitor ? `${v.brand} (competitor)` : v.brand, value: v.share ?? 0, text: `${formatShare(v.share)} (${v.count})`, color: v.competitor ? '#94a3b8' : PALETTE[i % PALETTE.length]! })))}</section>
<section><h2>Median first response</h2>${horizontalBars(all.map((s) => ({ label: s.brand, value: s.medianMinutes ?? 0, text: `${formatMinutes(s.medianMinutes)} (p90 ${formatMinutes(s.p90Minutes)})`, color: brandColor.get(s.brand) ?? PALETTE[0]! })))}</section>
</div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>earshot report</title><style>${CSS}</style></head>
<body><main>
<h1>earshot report: ${escapeHtml(r.brands.join(', ') || 'no brands')}</h1>
<p class="sub">Mentions since ${escapeHtml(r.since.slice(0, 16).replace('T', ' '))} UTC · generated ${escapeHtml(r.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p>
<div class="cards">${cards}</div>
${backlog ?? ''}${response ?? ''}
${charts}
${rest.join('\n')}
</main></body></html>
`;
}

function card(label: string, value: string, alert = false): string {
  return `<div class="card${alert ? ' alert' : ''}"><span>${escapeHtml(label)}</span><b>${escapeHtml(value)}</b></div>`;
}

interface Series {
  label: string;
  color: string;
  values: number[];
}

const W = 520;
const H = 200;
const PAD_LEFT = 34;
const PAD_BOTTOM = 22;

/** Stacked columns per day with a y axis; labels thin out when there are many days. */
function stackedBars(days: string[], series: Series[]): string {
  if (days.length === 0 || series.length === 0) return '<p class="empty">Nothing in this period.</p>';
  const totals = days.map((_, i) => series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotW = W - PAD_LEFT - 6;
  const plotH = H - PAD_BOTTOM - 8;
  const step = plotW / days.length;
  const barW = Math.max(1, Math.min(36, step * 0.75));
  const parts: string[] = [];
  for (const tick of [0, Math.ceil(max / 2), max]) {
    const y = 8 + plotH - (tick / max) * plotH;
    parts.push(`<line x1="${PAD_LEFT}" x2="${W - 6}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#e2e8f0"/><text x="${PAD_LEFT - 4}" y="${(y + 4).toFixed(1)}" text-anchor="end">${tick}</text>`);
  }
  const every = Math.ceil(days.length / 8);
  days.forEach((d, i) => {
    let y = 8 + plotH;
    const x = PAD_LEFT + i * step + (step - barW) / 2;
    for (const s of series) {
      const v = s.values[i] ?? 0;
      if (v === 0) continue;
      const h = (v / max) * plotH;
      y -= h;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${s.color}"><title>${escapeHtml(`${d} ${s.label}: ${v}`)}</title></rect>`);
    }
    if (i % every === 0) parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${H - 6}" text-anchor="middle">${escapeHtml(d.slice(5))}</text>`);
  });
  const legend = series.map((s) => `<span><i style="background:${s.color}"></i>${escapeHtml(s.label)}</span>`).join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="chart">${parts.join('')}</svg><div class="legend">${legend}</div>`;
}

function horizontalBars(bars: { label: string; value: number; text: string; color: string }[]): string {
  if (bars.length === 0) return '<p class="empty">Nothing in this period.</p>';
  const rowH = 24;
  const labelW = 150;
  const textW = 120;
  const h = bars.length * rowH + 4;
  const max = Math.max(...bars.map((b) => b.value), 1e-9);
  const plotW = W - labelW - textW;
  const parts = bars.map((b, i) => {
    const y = i * rowH + 4;
    const w = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * plotW);
    return `<text x="${labelW - 8}" y="${y + 14}" text-anchor="end">${escapeHtml(b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label)}</text><rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}" rx="2" fill="${b.color}"/><text x="${(labelW + w + 6).toFixed(1)}" y="${y + 14}">${escapeHtml(b.text)}</text>`;
  });
  return `<svg viewBox="0 0 ${W} ${h}" width="100%" role="img" aria-label="chart">${parts.join('')}</svg>`;
}
