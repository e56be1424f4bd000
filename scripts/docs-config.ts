// Rewrites the settings table of docs/CONFIGURATION.md from src/config/settings.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { withSettingsTable } from '../src/config/settings-doc.js';

const path = new URL('../docs/CONFIGURATION.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = withSettingsTable(before);
if (after !== before) writeFileSync(path, after);
process.stdout.write(
  `docs/CONFIGURATION.md: settings table ${after === before ? 'unchanged' : 'rewritten'}\n`,
);
