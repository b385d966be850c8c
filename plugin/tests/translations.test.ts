/**
 * en.json wins over a message's defaultMessage at runtime: a text changed in the code but not
 * there is never shown. Every literal defaultMessage must be en.json's text for its id.
 */
import fs from 'fs';
import path from 'path';

const ADMIN = path.resolve(__dirname, '../../admin/src');
const en: Record<string, string> = JSON.parse(
  fs.readFileSync(path.join(ADMIN, 'translations/en.json'), 'utf8')
);

const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'translations' ? [] : sources(full);
    return /\.tsx?$/.test(d.name) ? [full] : [];
  });

// `id: getTrad('x'), defaultMessage: '…'` (or "…"), possibly on the next line.
const MESSAGE =
  /getTrad\(\s*'([^'$]+)'\s*\)\s*,\s*defaultMessage:\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*[,}]/g;

const unquote = (literal: string) =>
  literal
    .slice(1, -1)
    .replace(/\\(['"\\])/g, '$1')
    .replace(/\\n/g, '\n');

it('every literal defaultMessage is en.json’s text for its id', () => {
  const found: Array<{ file: string; id: string; code: string; json: string | undefined }> = [];
  for (const file of sources(ADMIN)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(MESSAGE))
      found.push({
        file: path.relative(ADMIN, file),
        id: m[1],
        code: unquote(m[2]),
        json: en[m[1]],
      });
  }
  expect(found.length).toBeGreaterThan(200);
  expect(found.filter((f) => f.json !== f.code)).toEqual([]);
});
