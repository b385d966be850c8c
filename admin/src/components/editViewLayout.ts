import { AUDIENCE_ATTRIBUTE, STAGES_ATTRIBUTE } from './JourneyPanel';

const JOURNEY_FIELDS = [STAGES_ATTRIBUTE, AUDIENCE_ATTRIBUTE];

interface FieldLike {
  name: string;
}

interface EditLayoutLike {
  layout: FieldLike[][][];
  [key: string]: unknown;
}

/**
 * Hook `Admin/CM/pages/EditView/mutate-edit-view-layout`: the journey fields are
 * edited in the "Journey" side panel, so they leave the form. Two editors of the
 * same value on one screen would overwrite each other. Rows and panels left
 * empty are dropped.
 */
export const hideJourneyFields = <T extends { layout: EditLayoutLike }>(args: T): T => {
  const { layout } = args;
  if (!layout?.layout) return args;
  const panels = layout.layout
    .map((panel) => panel.map((row) => row.filter((field) => !JOURNEY_FIELDS.includes(field.name))).filter((row) => row.length > 0))
    .filter((panel) => panel.length > 0);
  return { ...args, layout: { ...layout, layout: panels } };
};
