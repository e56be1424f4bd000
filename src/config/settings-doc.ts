/** The settings table of docs/CONFIGURATION.md, rendered from the declarations. */
import { SETTING_ENTRIES } from './settings.js';

export const TABLE_START = '<!-- settings:start -->';
export const TABLE_END = '<!-- settings:end -->';

const HEADER = ['file key', 'flag', 'environment', 'default', 'accepts'];

const code = (text: string | undefined): string => (text === undefined ? '' : `\`${text}\``);

function rowsOf(): string[][] {
  return SETTING_ENTRIES.map(([key, d]) => [
    code(key),
    code(d.flag === undefined ? undefined : `--${d.flag}`),
    code(d.env),
    d.default !== undefined ? code(d.default) : (d.unset ?? '—'),
    d.accepts,
  ]);
}

// Padded the way prettier pads a markdown table, so `prettier --check` accepts the output.
const width = (text: string): number => [...text].length;
const pad = (text: string, size: number): string => text + ' '.repeat(size - width(text));

/** The markdown table, one row per setting, in declaration order. */
export function renderSettingsTable(): string {
  const rows = [HEADER, ...rowsOf()];
  const sizes = HEADER.map((_, column) => Math.max(3, ...rows.map((row) => width(row[column]!))));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => pad(cell, sizes[column]!)).join(' | ')} |`;
  const rule = `| ${sizes.map((size) => '-'.repeat(size)).join(' | ')} |`;
  return [line(HEADER), rule, ...rows.slice(1).map(line)].join('\n');
}

/** `doc` with the text between the settings markers replaced by the rendered table. */
export function withSettingsTable(doc: string): string {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start) {
    throw new Error(`the document has no ${TABLE_START} … ${TABLE_END} section`);
  }
  const before = doc.slice(0, start + TABLE_START.length);
  return `${before}\n\n${renderSettingsTable()}\n\n${doc.slice(end)}`;
}
