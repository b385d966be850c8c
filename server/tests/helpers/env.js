// Secrets and flags every in-process Strapi of the test suite needs; no .env file is read.
Object.assign(process.env, {
  NODE_ENV: 'test',
  STRAPI_TELEMETRY_DISABLED: 'true',
  BROWSER: 'none',
  APP_KEYS: 'testKeyA,testKeyB',
  ADMIN_JWT_SECRET: 'test-admin-jwt-secret',
  API_TOKEN_SALT: 'test-api-token-salt',
  TRANSFER_TOKEN_SALT: 'test-transfer-token-salt',
  JWT_SECRET: 'test-jwt-secret',
  ENCRYPTION_KEY: 'test-encryption-key-0123456789ab',
  STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL || 'error',
});
