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
 * edited in the "Journey" side panel, so their inputs leave the layout (two
 * editors of one value on a screen would fight). They stay in the form: the
 * Content Manager builds its values from the document and the schema, not from
 * the layout, and its Save and Publish send every value, so the panel's edits
 * (written into the form, see utils/journeyForm.ts) are saved with the entry. Rows
 * and panels left empty are dropped.
 */
export const hideJourneyFields = <T extends { layout: EditLayoutLike }>(args: T): T => {
  const { layout } = args;
  if (!layout?.layout) return args;
  const panels = layout.layout
    .map((panel) =>
      panel
        .map((row) => row.filter((field) => !JOURNEY_FIELDS.includes(field.name)))
        .filter((row) => row.length > 0)
    )
    .filter((panel) => panel.length > 0);
  return { ...args, layout: { ...layout, layout: panels } };
};
