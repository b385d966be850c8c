/** The one retry policy (server/src/utils/transactions.ts): pure, so tested without Strapi. */
import { isRetryable, isUniqueViolation, withRetries } from '../../src/utils/transactions';

const failing = (errors: unknown[], value = 'ok') => {
  let calls = 0;
  const work = async () => {
    calls += 1;
    if (calls <= errors.length) throw errors[calls - 1];
    return value;
  };
  return { work, calls: () => calls };
};

describe('withRetries', () => {
  it('runs again after deadlocks and serialization failures, then answers', async () => {
    const deadlocks = [
      { code: '40P01' },
      { errno: 1213 },
      new Error('SQLITE_BUSY: database is locked'),
    ];
    const { work, calls } = failing(deadlocks);
    await expect(withRetries(work, { attempts: 4 })).resolves.toBe('ok');
    expect(calls()).toBe(4);
  });

  it('throws any other error at once, without running again', async () => {
    const { work, calls } = failing([new Error('column "x" does not exist')]);
    await expect(withRetries(work)).rejects.toThrow('column "x" does not exist');
    expect(calls()).toBe(1);
  });

  it('gives up after `attempts`, with the last error', async () => {
    const { work, calls } = failing(
      Array.from({ length: 5 }, () => ({ code: '40001', message: 'last' }))
    );
    await expect(withRetries(work, { attempts: 3 })).rejects.toMatchObject({ code: '40001' });
    expect(calls()).toBe(3);
  });

  it('retries what the caller says is curable too (a unique key another writer took first)', async () => {
    const { work, calls } = failing([{ code: '23505' }]);
    await expect(
      withRetries(work, { retryable: (e) => isRetryable(e) || isUniqueViolation(e) })
    ).resolves.toBe('ok');
    expect(calls()).toBe(2);
    await expect(withRetries(failing([{ code: '23505' }]).work)).rejects.toMatchObject({
      code: '23505',
    });
  });
});

describe('error classes', () => {
  it('knows each database’s deadlock and unique-key errors, also wrapped in a cause', () => {
    expect(isRetryable({ code: 'ER_LOCK_DEADLOCK' })).toBe(true);
    expect(isRetryable({ message: 'Lock wait timeout exceeded; try restarting transaction' })).toBe(
      true
    );
    expect(isRetryable(Object.assign(new Error('wrapped'), { cause: { code: '40P01' } }))).toBe(
      true
    );
    expect(isRetryable(new Error('syntax error'))).toBe(false);
    expect(isUniqueViolation({ errno: 1062 })).toBe(true);
    expect(isUniqueViolation(new Error('UNIQUE constraint failed: t.k'))).toBe(true);
    expect(isUniqueViolation({ code: '40P01' })).toBe(false);
  });
});
