'use strict';
/** A small log–log line chart as a standalone SVG string (no plotting dependency). */

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v) =>
  v >= 1000
    ? `${v / 1000}k`
    : v >= 1
      ? String(Number(v.toPrecision(3)))
      : String(Number(v.toPrecision(2)));

/** Tick values on a log axis covering [lo, hi]: 1-2-5 steps. */
function logTicks(lo, hi) {
  const ticks = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v);
    }
  }
  return ticks;
}

function lineChart({ title, xLabel, yLabel, series, width = 720, height = 400, xTicks }) {
  const m = { l: 64, r: 230, t: 36, b: 48 };
  const pw = width - m.l - m.r;
  const ph = height - m.t - m.b;
  const all = series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const xlo = Math.min(...xs);
  const xhi = Math.max(...xs);
  let ylo = 10 ** Math.floor(Math.log10(Math.min(...ys)));
  let yhi = 10 ** Math.ceil(Math.log10(Math.max(...ys)));
  if (Math.min(...ys) >= 2 * ylo) ylo *= 2;
  if (Math.max(...ys) <= yhi / 2) yhi /= 2;
  const lx = (x) =>
    m.l +
    (xhi === xlo
      ? pw / 2
      : ((Math.log10(x) - Math.log10(xlo)) / (Math.log10(xhi) - Math.log10(xlo))) * pw);
  const ly = (y) =>
    m.t + ph - ((Math.log10(y) - Math.log10(ylo)) / (Math.log10(yhi) - Math.log10(ylo))) * ph;
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`
  );
  out.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  out.push(`<text x="${m.l}" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`);
  for (const v of logTicks(ylo, yhi)) {
    const y = ly(v).toFixed(1);
    out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(
      `<text x="${m.l - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#444">${fmt(v)}</text>`
    );
  }
  for (const v of xTicks ?? [...new Set(xs)].sort((a, b) => a - b)) {
    const x = lx(v).toFixed(1);
    out.push(`<line x1="${x}" x2="${x}" y1="${m.t}" y2="${m.t + ph}" stroke="#e5e5e5"/>`);
    out.push(
      `<text x="${x}" y="${m.t + ph + 16}" text-anchor="middle" fill="#444">${fmt(v)}</text>`
    );
  }
  out.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  out.push(
    `<text x="${m.l + pw / 2}" y="${height - 10}" text-anchor="middle">${esc(xLabel)}</text>`
  );
  out.push(
    `<text transform="translate(16 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`
  );
  series.forEach((s, i) => {
    const pts = s.points.filter(([x, y]) => x > 0 && y > 0);
    if (pts.length) {
      const d = pts
        .map(([x, y], k) => `${k ? 'L' : 'M'}${lx(x).toFixed(1)},${ly(y).toFixed(1)}`)
        .join(' ');
      out.push(
        `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`
      );
      for (const [x, y] of pts)
        out.push(
          `<circle cx="${lx(x).toFixed(1)}" cy="${ly(y).toFixed(1)}" r="3" fill="${s.color}"><title>${esc(`${s.name}: N=${x}, ${y.toFixed(2)}`)}</title></circle>`
        );
    }
    const ky = m.t + 10 + i * 18;
    out.push(
      `<line x1="${m.l + pw + 12}" x2="${m.l + pw + 36}" y1="${ky}" y2="${ky}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`
    );
    out.push(
      `<text x="${m.l + pw + 42}" y="${ky}" dominant-baseline="middle">${esc(s.name)}</text>`
    );
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

module.exports = { lineChart };
