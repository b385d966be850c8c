import type { Audience } from './audience';

/** An entry version's journey tags, as the tag API and service return them. */
export interface Tags {
  uid: string;
  documentId: string;
  locale: string | null;
  status: 'draft' | 'published';
  /** Stage ids, primary first. */
  stages: string[];
  primary: string | null;
  audience: Audience;
}
