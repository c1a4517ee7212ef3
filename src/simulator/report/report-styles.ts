/**
 * The report's only stylesheet, inline. Colours help but carry nothing alone: lines differ by
 * dash and marker, bands by hatching, and everything is labelled in text.
 *
 * @example
 * ```ts
 * `<style>${REPORT_STYLES}</style>`;
 * ```
 */
export const REPORT_STYLES = `
body{font:14px/1.45 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:24px auto;max-width:1000px;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 6px;border-bottom:1px solid #bbb}h3{font-size:16px;margin:18px 0 4px}
p.meta{margin:2px 0;color:#444}
table{border-collapse:collapse;margin:10px 0 18px;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid #ccc;padding:3px 8px}td{text-align:right}th[scope=row]{text-align:left;font-weight:normal}thead th{background:#f2f2f2}
.defs{position:absolute;width:0;height:0;overflow:hidden}
svg.chart{display:block;margin:6px 0 14px;max-width:100%;height:auto}
svg text{font:12px system-ui,sans-serif;fill:#1a1a1a}
.chart-title{font-weight:600;font-size:13px}
.axis-title{text-anchor:middle;fill:#333}
.value-tick,.lane-label{text-anchor:end}.lane-label.small,.band-label{font-size:11px}.time-tick,.empty{text-anchor:middle}.empty{fill:#666;font-style:italic}
.grid{stroke:#e3e3e3;stroke-width:1;fill:none}.axis{stroke:#666;fill:none}
.boundary{stroke:#444;stroke-width:1;stroke-dasharray:4 3;fill:none}
.frame,.lane{fill:none;stroke:#999;stroke-width:1}
.band{stroke:#555;stroke-width:.6}.band-label{paint-order:stroke;stroke:#fff;stroke-width:3px}
.line,.legend-line{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}.marker{stroke-width:1.2;fill:#fff}
.s0{stroke:#1f5fa8}.s1{stroke:#c2410c}.s2{stroke:#2e7d32}.s3{stroke:#7b3fa0}.s4{stroke:#555}.s5{stroke:#a0522d}
text.s0{fill:#1f5fa8}text.s1{fill:#c2410c}text.s2{fill:#2e7d32}text.s3{fill:#7b3fa0}text.s4{fill:#555}text.s5{fill:#a0522d}
.direct-label{stroke:none;font-weight:600}
.bg-phase{fill:#f4f4f4}.hatch-phase{stroke:#9a9a9a;stroke-width:1}
.bg-open{fill:#f9d6d0}.hatch-open{stroke:#8c1d0e;stroke-width:1.4}
.bg-half-open{fill:#fdf0c4}.hatch-half-open{stroke:#7a5b00;stroke-width:1}
.bg-page{fill:#f9d6d0}.hatch-page{stroke:#8c1d0e;stroke-width:1.2}
.bg-ticket{fill:#dbe7f6}.dot-ticket{fill:#1f4f8a}
.bg-incident{fill:#fbe3cf;fill-opacity:.55}.hatch-incident{stroke:#a3540f;stroke-width:1;stroke-opacity:.6}
nav a{margin-right:12px}
@media print{body{margin:0;max-width:none}}
`;
