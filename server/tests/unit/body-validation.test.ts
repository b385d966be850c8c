import { buildTaxonomy, JourneyInputError } from '../../../plugin/src';
import { parseBulkTagsBody, parseDocumentIds, parseTagsBody } from '../../src/validation/tags';
import {
  parseRestoreBody,
  parseRetireBody,
  parseSettingsBody,
} from '../../src/validation/settings';

/** The admin's tag and settings bodies: what each refusal names, from the zod schemas. */
const taxonomy = buildTaxonomy();

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof JourneyInputError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('tag bodies', () => {
  it('accept a good body and name each refused field', () => {
    expect(parseTagsBody(taxonomy, { stages: ['b2b:research'], audience: 'b2b' })).toMatchObject({
      stages: ['b2b:research'],
      audience: 'b2b',
    });
    const audience = refusal(() => parseTagsBody(taxonomy, { stages: [], audience: 'b2x' }));
    expect([audience.param, audience.allowed]).toEqual(['audience', ['b2b', 'b2c', 'both']]);
    const stage = refusal(() => parseTagsBody(taxonomy, { stages: ['b2b:research', 42] }));
    expect(stage.param).toBe('stages[1]');
    expect(stage.message).toMatch(
      /^stages\[1\] 42 is not a stage id: use one of b2b:problem-recognition, b2b:research/
    );
    expect(refusal(() => parseTagsBody(taxonomy, {})).param).toBe('stages');
  });

  it('bulk: documentIds or items, bounded, none twice, and a known mode', () => {
    expect(refusal(() => parseBulkTagsBody(taxonomy, { stages: [] })).message).toBe(
      'documentIds must list 1 to 100 distinct documentIds; got undefined'
    );
    expect(refusal(() => parseBulkTagsBody(taxonomy, { documentIds: ['a', 'a'] })).message).toBe(
      'documentIds lists a document twice'
    );
    expect(refusal(() => parseBulkTagsBody(taxonomy, { documentIds: ['a', 'b c'] })).param).toBe(
      'documentIds[1]'
    );
    const mode = refusal(() => parseBulkTagsBody(taxonomy, { documentIds: ['a'], mode: 'x' }));
    expect([mode.param, mode.allowed]).toEqual(['mode', ['replace', 'add']]);
    const items = { items: [{ documentId: 'a', stages: [1] }] };
    expect(refusal(() => parseBulkTagsBody(taxonomy, items)).param).toBe('items[0].stages[0]');
    expect(refusal(() => parseBulkTagsBody(taxonomy, { items: 'x' })).message).toMatch(
      /^items must be an array of 1 to 100/
    );
    expect(refusal(() => parseDocumentIds(undefined)).param).toBe('documentIds');
  });
});

describe('settings bodies', () => {
  it('name the stage and the field, one refusal each', () => {
    const unknown = refusal(() => parseSettingsBody(taxonomy, { stages: { 'b2b:nope': {} } }));
    expect(unknown.param).toBe('stages.b2b:nope');
    const label = refusal(() =>
      parseSettingsBody(taxonomy, { stages: { 'b2b:research': { label: '  ' } } })
    );
    expect([label.param, label.message]).toEqual([
      'stages.b2b:research.label',
      'label must be a non-empty string of at most 100 characters',
    ]);
    const field = refusal(() =>
      parseSettingsBody(taxonomy, { stages: { 'b2b:research': { retired: true } } })
    );
    expect([field.param, field.allowed]).toEqual([
      'stages.b2b:research.retired',
      ['label', 'description', 'target'],
    ]);
    expect(refusal(() => parseSettingsBody(taxonomy, { nothing: true })).param).toBe('stages');
    expect(
      parseSettingsBody(taxonomy, { stages: { 'b2b:research': { label: ' Desk ' } } }).stages
    ).toEqual({ 'b2b:research': { label: 'Desk' } });
  });

  it('retire and restore name the stage, then the option', () => {
    expect(
      refusal(() => parseRetireBody(taxonomy, { stage: 'b2b:research', moveTo: 1 })).param
    ).toBe('moveTo');
    expect(refusal(() => parseRetireBody(taxonomy, {})).param).toBe('stage');
    expect(parseRetireBody(taxonomy, { stage: 'b2b:research' })).toEqual({
      stage: 'b2b:research',
      moveTo: undefined,
    });
    expect(refusal(() => parseRestoreBody(taxonomy, { stage: 'b2b:research' })).param).toBe(
      'stage'
    );
  });
});
