import crypto from 'crypto';
import type { Core } from '@strapi/strapi';

/**
 * One value in the database that changes whenever journey-tagged content,
 * the taxonomy settings or the stage rows change. Caches (coverage) compare it on
 * every request, so an answer cached by one instance is dropped as soon as any
 * instance writes: no process's memory decides an answer on its own.
 * A random token, not a counter: a write only has to make it different.
 */
const KEY = 'content-version';
const store = (strapi: Core.Strapi) => strapi.store({ type: 'plugin', name: 'journey' });

export const contentVersion = async (strapi: Core.Strapi): Promise<string> => String((await store(strapi).get({ key: KEY })) ?? 'initial');

export const bumpContentVersion = async (strapi: Core.Strapi) => {
  await store(strapi).set({ key: KEY, value: `${Date.now().toString(36)}-${crypto.randomBytes(6).toString('hex')}` });
};
