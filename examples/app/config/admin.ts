/**
 * The example site (examples/site, `npm run site`) previews the types it can show a visitor:
 * its page, with the recommendation block of a visitor at a stage. The Content Manager's
 * Preview button frames that URL; the plugin's "Preview as a visitor at…" action opens it with
 * `journeyStage` and `journeyAudience` added. Legal pages take no journey tags, are never
 * recommended and have no page there: no preview for them (the handler answers nothing).
 */
const SITE_TYPES = new Set([
  'api::blog-post.blog-post',
  'api::case-study.case-study',
  'api::event.event',
  'api::guide.guide',
  'api::landing-page.landing-page',
  'api::product-page.product-page',
  'api::whitepaper.whitepaper',
]);

export default ({ env }) => {
  const siteUrl = env('JOURNEY_SITE_URL', 'http://127.0.0.1:5173');
  return {
    auth: { secret: env('ADMIN_JWT_SECRET') },
    apiToken: { salt: env('API_TOKEN_SALT') },
    transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },
    secrets: { encryptionKey: env('ENCRYPTION_KEY') },
    flags: { nps: false, promoteEE: false },
    preview: {
      enabled: true,
      config: {
        allowedOrigins: [siteUrl],
        handler: (
          uid: string,
          { documentId, locale, status }: { documentId: string; locale?: string; status?: string }
        ) => {
          if (!SITE_TYPES.has(uid)) return null;
          const params = new URLSearchParams({ preview: '1', type: uid, documentId });
          if (locale) params.set('locale', locale);
          if (status) params.set('status', status);
          return `${siteUrl}/?${params}`;
        },
      },
    },
  };
};
