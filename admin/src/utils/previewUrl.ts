/** The query parameters the app's own preview page reads to render a visitor at a stage. */
export const JOURNEY_PREVIEW_PARAMS = { stage: 'journeyStage', audience: 'journeyAudience' };

/**
 * The app's preview URL (what its `config/admin.ts` preview handler answered for the entry)
 * with the visitor's stage and audience added, every other parameter kept. A relative URL is
 * resolved against `origin`, as the browser would open it from the admin.
 */
export const visitorPreviewUrl = (
  previewUrl: string,
  { stage, audience }: { stage: string; audience: 'b2b' | 'b2c' },
  origin: string
): string => {
  const url = new URL(previewUrl, origin);
  url.searchParams.set(JOURNEY_PREVIEW_PARAMS.stage, stage);
  url.searchParams.set(JOURNEY_PREVIEW_PARAMS.audience, audience);
  return url.toString();
};

/** What `GET /content-manager/preview/url/:uid` answered: the URL, or null without a preview (204, 404, no url). */
export const previewUrlOf = (body: unknown): string | null => {
  const url = (body as { data?: { url?: unknown } } | null | undefined)?.data?.url;
  return typeof url === 'string' && url.length > 0 ? url : null;
};
