/**
 * The write path's pure parts (server/src/write-path/): the order its steps are
 * registered in, which calls are journey writes, and the SQL each lock helper sends per
 * dialect, checked on a recording query builder (no Strapi booted, no database).
 */
import {
  lockDocumentRows,
  readLatest,
  readLockedRows,
  shareStageRows,
} from '../../src/write-path/locks';
import { existingDocumentId, isJourneyWrite, writtenDocumentId } from '../../src/write-path/writes';
import { registerWritePath, WRITE_STEPS } from '../../src/write-path';
import { deltasBetween } from '../../src/services/coverage-counts';
import { STAGES_ATTRIBUTE } from '../../src/constants';

/** A knex-like builder that records each call as `name(args)`; awaiting it resolves to []. */
const recorder = () => {
  const calls: string[] = [];
  const qb: any = new Proxy(
    {},
    {
      get: (_target, name: string) => {
        if (name === 'then') return (resolve: (rows: unknown[]) => void) => resolve([]);
        return (...args: unknown[]) => {
          calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join(',')})`);
          return qb;
        };
      },
    }
  );
  const trx: any = (table: string) => {
    calls.push(`table("${table}")`);
    return qb;
  };
  return { calls, trx, qb };
};

const fakeStrapi = (client: string) =>
  ({
    db: {
      dialect: { client },
      getSchemaName: () => undefined,
      metadata: { get: (uid: string) => ({ tableName: `${uid}_table` }) },
    },
    contentTypes: {
      'api::article.article': { attributes: { [STAGES_ATTRIBUTE]: {} } },
      'api::page.page': { attributes: { title: {} } },
    },
  }) as any;

describe('write path order', () => {
  it('registers repair (outermost), lock, guard, count, then the after-request check', () => {
    expect(WRITE_STEPS.map((s) => s.step)).toEqual(['repair', 'lock', 'guard', 'count']);
    const used: unknown[] = [];
    const served: unknown[] = [];
    registerWritePath({
      ...fakeStrapi('sqlite'),
      documents: { use: (m: unknown) => used.push(m) },
      server: { use: (m: unknown) => served.push(m) },
    } as any);
    expect(used).toHaveLength(4);
    expect(served).toHaveLength(1);
  });
});

describe('lockDocumentRows', () => {
  it('PostgreSQL: locks every row of the documents in id order', async () => {
    const { calls, trx } = recorder();
    await lockDocumentRows(fakeStrapi('postgres'), trx, 'api::article.article', ['a', 'b']);
    expect(calls).toEqual([
      'table("api::article.article_table")',
      'withSchema()',
      'whereIn("document_id",["a","b"])',
      'orderBy("id")',
      'select("id")',
      'forUpdate()',
    ]);
  });

  it('MariaDB: no ORDER BY (InnoDB locks in the index scan order; sorting could lock the whole key)', async () => {
    const { calls, trx } = recorder();
    await lockDocumentRows(fakeStrapi('mysql'), trx, 'api::article.article', ['a']);
    expect(calls).not.toContain('orderBy("id")');
    expect(calls.slice(-2)).toEqual(['select("id")', 'forUpdate()']);
  });

  it('SQLite (serialized writers) and no documents: no statement', async () => {
    const sqlite = recorder();
    await lockDocumentRows(fakeStrapi('sqlite'), sqlite.trx, 'api::article.article', ['a']);
    const none = recorder();
    await lockDocumentRows(fakeStrapi('postgres'), none.trx, 'api::article.article', []);
    expect([...sqlite.calls, ...none.calls]).toEqual([]);
  });
});

describe('reads under the lock order', () => {
  it('readLockedRows: a locking read, in id order on PostgreSQL, plain on SQLite', () => {
    for (const [client, expected] of [
      ['postgres', ['orderBy("id")', 'forUpdate()']],
      ['mysql', ['forUpdate()']],
      ['sqlite', []],
    ] as const) {
      const { calls, qb } = recorder();
      readLockedRows(fakeStrapi(client), qb);
      expect(calls).toEqual(expected);
    }
  });

  it('readLatest: a shared-lock read on MariaDB only', () => {
    for (const [client, expected] of [
      ['mysql', ['forShare()']],
      ['postgres', []],
      ['sqlite', []],
    ] as const) {
      const { calls, qb } = recorder();
      readLatest(fakeStrapi(client), qb);
      expect(calls).toEqual(expected);
    }
  });

  it('shareStageRows: the stage table, filtered, with a shared lock (none on SQLite)', () => {
    const pg = recorder();
    shareStageRows(fakeStrapi('postgres'), pg.trx, (q) => q.whereIn('stage_id', ['x']));
    expect(pg.calls).toEqual([
      'table("plugin::journey.stage_table")',
      'withSchema()',
      'whereIn("stage_id",["x"])',
      'forShare()',
    ]);
    const lite = recorder();
    shareStageRows(fakeStrapi('sqlite'), lite.trx, (q) => q);
    expect(lite.calls).not.toContain('forShare()');
  });
});

describe('which writes the path handles', () => {
  const strapi = fakeStrapi('sqlite');
  it('writes to journey types only, every action that changes rows', () => {
    const article = 'api::article.article';
    for (const action of [
      'create',
      'update',
      'delete',
      'publish',
      'unpublish',
      'discardDraft',
      'clone',
    ])
      expect(isJourneyWrite(strapi, { uid: article, action })).toBe(true);
    expect(isJourneyWrite(strapi, { uid: article, action: 'findMany' })).toBe(false);
    expect(isJourneyWrite(strapi, { uid: 'api::page.page', action: 'update' })).toBe(false);
  });

  it('create and clone make a new document: nothing to lock before, the result names it after', () => {
    const uid = 'api::article.article';
    expect(existingDocumentId({ uid, action: 'clone', params: { documentId: 'old' } })).toBe(
      undefined
    );
    expect(
      writtenDocumentId(
        { uid, action: 'clone', params: { documentId: 'old' } },
        { documentId: 'new' }
      )
    ).toBe('new');
    expect(existingDocumentId({ uid, action: 'publish', params: { documentId: 'd' } })).toBe('d');
    expect(writtenDocumentId({ uid, action: 'delete', params: { documentId: 'd' } }, null)).toBe(
      'd'
    );
    expect(existingDocumentId({ uid, action: 'delete', params: {} })).toBe(undefined);
  });
});

describe('deltasBetween', () => {
  it('-1 for each key a document left, +1 for each it entered, nothing for the rest', () => {
    const before = new Set(['draft|all|*|total', 'draft|all|*|st:a']);
    const after = new Set(['draft|all|*|total', 'draft|all|*|st:b']);
    expect(deltasBetween(before, after)).toEqual([
      ['draft|all|*|st:a', -1],
      ['draft|all|*|st:b', 1],
    ]);
    expect(deltasBetween(after, after)).toEqual([]);
  });
});
