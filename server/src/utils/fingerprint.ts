/** Keys for caches: stable JSON, and what a request's caller may do. */

const fingerprints = new WeakMap<object, string>();

/** JSON with object keys sorted at every level; array order is kept (it can matter). */
export const stableJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
};

/**
 * What the caller may do, from the auth result of this request: the strategy, an
 * API token's type, and the permission rules of its ability. Two callers with the
 * same fingerprint get the same answer (nothing in an answer is per user).
 */
export const permissionFingerprint = (auth: any): string => {
  if (!auth) return 'none';
  // Once per request: the answer's key, its entries' keys and the readable types all ask.
  const known = fingerprints.get(auth);
  if (known !== undefined) return known;
  const strategy = auth.strategy?.name ?? 'unknown';
  // An API token's type (full-access, read-only, custom) decides with its permissions; a user's row does not.
  const tokenType =
    strategy === 'content-api-token' || strategy === 'api-token'
      ? String(auth.credentials?.type ?? '')
      : '';
  const rules = (auth.ability?.rules ?? []).map((r: any) =>
    stableJson({ a: r.action, s: r.subject, f: r.fields, c: r.conditions, i: r.inverted })
  );
  const fingerprint = `${strategy}|${tokenType}|${auth.ability ? 'ability' : 'no-ability'}|${rules.sort().join(';')}`;
  if (typeof auth === 'object') fingerprints.set(auth, fingerprint);
  return fingerprint;
};
