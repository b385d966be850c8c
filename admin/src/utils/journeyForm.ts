/**
 * How the Journey panel keeps its edits in the Content Manager's own form, so
 * the entry's Save and Publish send them, its unsaved-changes guard covers them
 * and a reload of the document drops them.
 *
 * - `journeyAudience` is a plain enumeration: the form holds its value.
 * - `journeyStages` is a relation. The Content Manager keeps a relation's form
 *   value as a change against what is saved (`{ connect: [], disconnect: [] }`
 *   when nothing changed) and never loads the list itself into the form. The
 *   panel writes the whole ordered list as `set` instead: the database layer
 *   then replaces the entry's stages in that order (order column = position),
 *   which is exactly "first stage = primary". Each item keeps its stage id for
 *   display; the Content Manager sends only `apiData` (`{ documentId }`).
 */

export interface StageSetItem {
  stageId: string;
  apiData: { documentId: string };
}

export interface StagesFormValue {
  connect: unknown[];
  disconnect: unknown[];
  set?: StageSetItem[];
}

export const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** The stage ids the form will save, or null when the form leaves the entry's stages as they are. */
export const editedStages = (value: unknown): string[] | null => {
  const set = (value as StagesFormValue | null | undefined)?.set;
  return Array.isArray(set) ? set.map((item) => item.stageId) : null;
};

/**
 * The form value that makes the entry's stages `next`: the field's initial value
 * when `next` is what is saved (so the form is no longer "modified"), else a `set`.
 * Throws when a stage has no row (the server has not synced it).
 */
export const stagesFormValue = (
  next: string[],
  saved: string[],
  initial: unknown,
  documentIds: Record<string, string>
): unknown => {
  if (sameList(next, saved)) return initial ?? { connect: [], disconnect: [] };
  const set = next.map((stageId) => {
    const documentId = documentIds[stageId];
    if (!documentId) throw new Error(`Unknown journey stage "${stageId}"`);
    return { stageId, apiData: { documentId } };
  });
  return { connect: [], disconnect: [], set } satisfies StagesFormValue;
};
