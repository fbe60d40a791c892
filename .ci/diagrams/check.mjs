// CI: every ```mermaid block in the given Markdown files must parse with Mermaid's own
// parser, the one GitHub renders with; a diagram that does not parse shows as an error there.
// Usage: node check.mjs FILE.md...   Exit 0 all parse, 1 some do not, 2 the checker is broken.
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';
const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMPurify = undefined;
for (const k of ['navigator', 'Element', 'HTMLElement', 'Node', 'DOMParser', 'MutationObserver', 'getComputedStyle']) {
  if (!(k in globalThis)) { try { globalThis[k] = dom.window[k]; } catch (e) {} }
}
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
// The check itself is checked: a `;` inside a message ends the statement (what broke 4 diagrams).
try {
  await mermaid.parse('sequenceDiagram\n    A->>B: one; two');
  console.log('the checker accepted a broken diagram: it checks nothing');
  process.exit(2);
} catch (expected) { /* good: it rejects it */ }
let failures = 0, count = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```mermaid') continue;
    const start = i + 1; let j = start;
    while (j < lines.length && lines[j].trim() !== '```') j++;
    const code = lines.slice(start, j).join('\n');
    count++;
    try { await mermaid.parse(code); }
    catch (e) { failures++; console.log(`${file}:${start}: ${String(e.message || e).split('\n').slice(0, 3).join(' | ')}`); }
    i = j;
  }
}
console.log(`${count} diagrams, ${failures} broken`);
process.exit(failures ? 1 : 0);
