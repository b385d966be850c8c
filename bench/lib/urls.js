'use strict';
/** The requests the bench compares, shared by run.js and profile.js. */
module.exports = {
  recommend: '/api/journey/recommend?stage=research&audience=b2b&limit=3',
  rest:
    '/api/whitepapers?filters[journeyStages][stageId][$eq]=b2b:research&filters[journeyAudience][$in][0]=b2b' +
    '&filters[journeyAudience][$in][1]=both&pagination[pageSize]=3&sort=publishedAt:desc',
  coverage: '/journey/coverage',
  // The floor: a plugin content-API route that does nothing beyond Strapi's auth.
  floor: '/api/journey/ping',
};
