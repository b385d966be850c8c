import type { Core, UID } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import { AUDIENCE_ATTRIBUTE } from '../constants';

/**
 * What an entry says and what it is called, for types as real sites build them: text in
 * string, text, rich-text and blocks fields, in components (single and repeatable) and in
 * dynamic zones; a title field that may be `title`, `name`, `headline`, any other string,
 * or only a slug. Private fields are never read.
 */
export const TEXT_TYPES = new Set(['string', 'text', 'richtext', 'blocks']);
const TITLE_NAMES = ['title', 'name', 'headline', 'label', 'heading'];

const safeJson = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
};

/** The words of a Blocks value (a JSON tree whose leaves carry `text`). */
export const blocksText = (value: unknown): string => {
  const tree = typeof value === 'string' ? safeJson(value) : value;
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as { text?: unknown; children?: unknown };
      if (typeof n.text === 'string') out.push(n.text);
      walk(n.children);
    }
  };
  walk(tree);
  return out.join(' ');
};

/** Fields a person wrote: not private, not hidden (i18n's `locale`), not the journey audience. */
const readable = (schema: any, name: string) =>
  !contentTypes.isPrivateAttribute(schema, name) &&
  schema.attributes?.[name]?.visible !== false &&
  name !== 'locale' &&
  name !== AUDIENCE_ATTRIBUTE;

/**
 * The attribute a person would call the entry by, as the Content Manager's default main
 * field picks it: a title-like string, else the first string, else a slug (`uid`).
 */
export const titleAttribute = (schema: any): string | undefined => {
  const attrs: Record<string, any> = schema?.attributes ?? {};
  const strings = Object.keys(attrs).filter(
    (n) => attrs[n].type === 'string' && readable(schema, n)
  );
  return (
    TITLE_NAMES.find((n) => strings.includes(n)) ??
    strings[0] ??
    Object.keys(attrs).find((n) => attrs[n].type === 'uid' && readable(schema, n))
  );
};

/** A type's own text attributes (columns of its table), its title attribute, which hold blocks. */
export const textAttributes = (strapi: Core.Strapi, uid: string) => {
  const schema = strapi.getModel(uid as UID.ContentType) as any;
  const meta: any = strapi.db.metadata.get(uid);
  const names = Object.entries<any>(schema.attributes)
    .filter(([name, a]) => TEXT_TYPES.has(a.type) && readable(schema, name))
    .map(([name]) => name);
  const title = titleAttribute(schema);
  return {
    /** Text attributes, and the title attribute when it is not one of them (a slug). */
    names: title && !names.includes(title) ? [...names, title] : names,
    title,
    column: (name: string) => meta.attributes[name]?.columnName ?? name,
    blocks: new Set(names.filter((n) => schema.attributes[n].type === 'blocks')),
  };
};

/** One component's text columns, as `c_<name>` selects, and the value of a row's text. */
const componentColumns = (strapi: Core.Strapi, componentUid: string) => {
  const schema = strapi.components[componentUid as UID.Component] as any;
  const meta: any = strapi.db.metadata.get(componentUid);
  const names = Object.entries<any>(schema?.attributes ?? {})
    .filter(([name, a]) => TEXT_TYPES.has(a.type) && readable(schema, name))
    .map(([name]) => name);
  return {
    table: meta.tableName as string,
    selects: names.map((n) => `c.${meta.attributes[n]?.columnName ?? n} as c_${n}`),
    textOf: (r: any) =>
      names
        .map((n) =>
          schema.attributes[n].type === 'blocks' ? blocksText(r[`c_${n}`]) : r[`c_${n}`]
        )
        .filter((v) => typeof v === 'string' && v !== '')
        .join('\n'),
  };
};

/**
 * The text in an entry row's components and dynamic zones (one level: a component's own
 * fields), per row id, in the field's order. One query per (field, component) pair that
 * holds text, over at most `rowIds.length` rows.
 */
export const componentText = async (
  strapi: Core.Strapi,
  uid: string,
  rowIds: number[]
): Promise<Map<number, string>> => {
  const out = new Map<number, string>();
  if (rowIds.length === 0) return out;
  const schema = strapi.getModel(uid as UID.ContentType) as any;
  const meta: any = strapi.db.metadata.get(uid);
  const parts: Array<{ row: number; order: number; text: string }> = [];
  for (const [name, attr] of Object.entries<any>(schema.attributes)) {
    if (attr.type !== 'component' && attr.type !== 'dynamiczone') continue;
    const join = meta.attributes[name]?.joinTable;
    if (!join) continue;
    const inverse = join.inverseJoinColumn?.name ?? join.morphColumn?.idColumn?.name;
    const typeColumn = join.morphColumn?.typeColumn?.name;
    // Components name their order column; dynamic zones order by it (`orderBy: { order }`).
    const orderColumn = join.orderColumnName ?? Object.keys(join.orderBy ?? {})[0] ?? 'id';
    const components: string[] = attr.type === 'component' ? [attr.component] : attr.components;
    for (const componentUid of components) {
      const c = componentColumns(strapi, componentUid);
      if (c.selects.length === 0) continue;
      const qb = strapi.db
        .getConnection(`${join.name} as j`)
        .join(`${c.table} as c`, 'c.id', `j.${inverse}`)
        .whereIn(`j.${join.joinColumn.name}`, rowIds)
        .where(`j.${Object.keys(join.on)[0]}`, name)
        .select(`j.${join.joinColumn.name} as row_id`, `j.${orderColumn} as ord`, ...c.selects);
      if (typeColumn) qb.where(`j.${typeColumn}`, componentUid);
      for (const r of (await qb) as any[]) {
        const text = c.textOf(r);
        if (text) parts.push({ row: Number(r.row_id), order: Number(r.ord ?? 0), text });
      }
    }
  }
  parts.sort((a, b) => a.row - b.row || a.order - b.order);
  for (const p of parts) out.set(p.row, out.has(p.row) ? `${out.get(p.row)}\n${p.text}` : p.text);
  return out;
};
