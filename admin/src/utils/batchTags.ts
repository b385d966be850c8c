/**
 * Collects the tag reads made in the same tick (every row of a Content Manager
 * list asks for its own entry) into one GET /journey/tags/:uid?documentIds=…
 * per type, locale and status, at most 100 ids a request.
 */
type BaseQuery = (args: {
  url: string;
  method: string;
  config?: { params?: Record<string, string> };
}) => Promise<{ data?: unknown; error?: any }>;
interface Args {
  uid: string;
  documentId: string;
  locale?: string | null;
  status?: 'draft' | 'published';
}
interface Waiting {
  documentId: string;
  resolve: (result: { data: any } | { error: any }) => void;
}

const queues = new Map<string, { args: Args; baseQuery: BaseQuery; waiting: Waiting[] }>();
const MAX = 100;

const flush = async (key: string) => {
  const queue = queues.get(key)!;
  queues.delete(key);
  const { uid, locale, status } = queue.args;
  for (let i = 0; i < queue.waiting.length; i += MAX) {
    const chunk = queue.waiting.slice(i, i + MAX);
    const ids = [...new Set(chunk.map((w) => w.documentId))];
    const res = await queue.baseQuery({
      url: `/journey/tags/${uid}`,
      method: 'GET',
      config: {
        params: {
          documentIds: ids.join(','),
          status: status ?? 'draft',
          ...(locale ? { locale } : {}),
        },
      },
    });
    const found = new Map(
      ((res.data as { data?: Array<{ documentId: string }> })?.data ?? []).map((t) => [
        t.documentId,
        t,
      ])
    );
    for (const w of chunk) {
      if (res.error) w.resolve({ error: res.error });
      else if (found.has(w.documentId)) w.resolve({ data: found.get(w.documentId) });
      else
        w.resolve({
          error: {
            name: 'NotFoundError',
            status: 404,
            message: `No ${status ?? 'draft'} version of ${w.documentId}`,
          },
        });
    }
  }
};

export const loadTags = (baseQuery: BaseQuery, args: Args) =>
  new Promise<{ data: any } | { error: any }>((resolve) => {
    const key = `${args.uid}|${args.locale ?? ''}|${args.status ?? 'draft'}`;
    let queue = queues.get(key);
    if (!queue) {
      queue = { args, baseQuery, waiting: [] };
      queues.set(key, queue);
      setTimeout(() => void flush(key), 0);
    }
    queue.waiting.push({ documentId: args.documentId, resolve });
  });
