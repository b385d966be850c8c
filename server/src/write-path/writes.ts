import type { Core } from '@strapi/strapi';
import { hasJourney } from '../utils/journey-types';

/** What a Document Service middleware is handed: the action, the type, the call's params. */
export type WriteContext = { uid: string; action: string; params?: any };
export type Next = () => Promise<any>;

/** Document Service actions that change a document's rows (and so its tags and counts). */
export const WRITES = new Set([
  'create',
  'update',
  'delete',
  'publish',
  'unpublish',
  'discardDraft',
  'clone',
]);

/** Actions that make a new document: nothing of it exists (or is locked) before the write. */
const MAKES_DOCUMENT = new Set(['create', 'clone']);

/** Whether the call is a write to a type that carries journey tags. */
export const isJourneyWrite = (strapi: Core.Strapi, ctx: WriteContext) =>
  WRITES.has(ctx.action) &&
  hasJourney(strapi.contentTypes[ctx.uid as keyof typeof strapi.contentTypes] as any);

/** The document the write changes before it runs; undefined when it makes a new one. */
export const existingDocumentId = (ctx: WriteContext): string | undefined => {
  const documentId = MAKES_DOCUMENT.has(ctx.action) ? undefined : ctx.params?.documentId;
  return typeof documentId === 'string' && documentId ? documentId : undefined;
};

/** The document the write changed, once it ran: a new one's id comes from its result. */
export const writtenDocumentId = (ctx: WriteContext, result: any): string | undefined => {
  const documentId = MAKES_DOCUMENT.has(ctx.action) ? result?.documentId : ctx.params?.documentId;
  return typeof documentId === 'string' && documentId ? documentId : undefined;
};
