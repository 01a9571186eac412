#!/usr/bin/env node
// Prints the README's command and setting tables from package.json (the manifest is the source of truth).
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const nls = JSON.parse(readFileSync(new URL('../package.nls.json', import.meta.url), 'utf8'));
const t = (s) => (typeof s === 'string' ? s.replace(/^%(.+)%$/, (_, k) => nls[k] ?? k) : s);
const palette = new Set((pkg.contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));

console.log('| Command | Id |\n|---|---|');
for (const c of pkg.contributes.commands) if (!palette.has(c.command)) console.log(`| ${t(c.category) ? `${t(c.category)}: ` : ''}${t(c.title)} | \`${c.command}\` |`);

const configs = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
console.log('\n| Setting | Default | Description |\n|---|---|---|');
for (const conf of configs) {
  for (const [key, p] of Object.entries(conf.properties)) {
    const desc = t(p.markdownDescription ?? p.description ?? '').replace(/\n/g, ' ').replace(/\|/g, '\\|');
    console.log(`| \`${key}\` | \`${JSON.stringify(p.default)}\` | ${desc} |`);
  }
}
