import {
  buildTaxonomy,
  PRESET_FRAMEWORKS,
  resolveStage,
  resolveStageIds,
  activeStageIds,
  JourneyInputError,
} from '../src';
import { inputError } from './helpers';

const ids = (stages: Array<{ id: string }>) => stages.map((s) => s.id);

const defaults = buildTaxonomy();
const withClassic = buildTaxonomy({
  frameworks: [PRESET_FRAMEWORKS.b2b, PRESET_FRAMEWORKS.b2c, PRESET_FRAMEWORKS.classic],
});
const retired = buildTaxonomy({ stageOverrides: { 'b2b:research': { retired: true } } });

describe('resolveStage', () => {
  describe('full id', () => {
    it('resolves to that one stage', () => {
      expect(ids(resolveStage(defaults, 'b2b:research'))).toEqual(['b2b:research']);
      expect(resolveStage(defaults, 'b2c:purchase')[0]).toMatchObject({
        framework: 'b2c',
        key: 'purchase',
        phase: 'decision',
      });
    });

    it('ignores surrounding whitespace', () => {
      expect(ids(resolveStage(defaults, '  b2b:selection '))).toEqual(['b2b:selection']);
    });

    it('is not redirected by the audience', () => {
      expect(ids(resolveStage(defaults, 'b2c:consideration', 'b2b'))).toEqual([
        'b2c:consideration',
      ]);
    });

    it('of a framework that is not configured is rejected', () => {
      const e = inputError(() => resolveStage(defaults, 'classic:decision'));
      expect(e.param).toBe('stage');
      expect(e.allowed).toEqual(activeStageIds(defaults));
    });
  });

  describe('bare key', () => {
    it('with audience b2b picks the b2b framework', () => {
      expect(ids(resolveStage(defaults, 'consideration', 'b2b'))).toEqual(['b2b:consideration']);
      expect(ids(resolveStage(defaults, 'purchase', 'b2b'))).toEqual(['b2b:purchase']);
    });

    it('with audience b2c picks the b2c framework', () => {
      expect(ids(resolveStage(defaults, 'consideration', 'b2c'))).toEqual(['b2c:consideration']);
      expect(ids(resolveStage(defaults, 'purchase', 'b2c'))).toEqual(['b2c:purchase']);
    });

    it('without audience means that key in every framework that has it', () => {
      expect(ids(resolveStage(defaults, 'consideration'))).toEqual([
        'b2b:consideration',
        'b2c:consideration',
      ]);
      expect(ids(resolveStage(defaults, 'research'))).toEqual(['b2b:research']);
      expect(ids(resolveStage(withClassic, 'awareness'))).toEqual([
        'b2c:awareness',
        'classic:awareness',
      ]);
      expect(ids(resolveStage(withClassic, 'consideration'))).toEqual([
        'b2b:consideration',
        'b2c:consideration',
        'classic:consideration',
      ]);
    });

    it('with an audience whose framework lacks the key falls back to audience-neutral frameworks', () => {
      expect(ids(resolveStage(withClassic, 'decision', 'b2b'))).toEqual(['classic:decision']);
    });

    it('of the other audience only is rejected', () => {
      const e = inputError(() => resolveStage(defaults, 'research', 'b2c'));
      expect(e.param).toBe('stage');
    });

    it('unknown, without audience, is rejected listing valid ids', () => {
      const e = inputError(() => resolveStage(defaults, 'nope'));
      expect(e.param).toBe('stage');
      expect(e.status).toBe(400);
      expect(e.allowed).toEqual(expect.arrayContaining(activeStageIds(defaults)));
      expect(e.message).toContain('stage');
      expect(e.message).toContain('nope');
      expect(e.message).toContain('b2b:research');
    });

    // SPEC §4: every bad input answers with the allowed values. With an audience whose
    // framework does not have the key and no audience-neutral framework configured,
    // the error must still list the stages that would have been accepted.
    it('unknown, with an audience, is rejected listing the valid ids for that audience', () => {
      const e = inputError(() => resolveStage(defaults, 'nope', 'b2b'));
      expect(e.param).toBe('stage');
      expect(e.allowed).toEqual(expect.arrayContaining(['b2b:research', 'b2b:purchase']));
      expect(e.message).toContain('b2b:research');
    });
  });

  describe('rejections', () => {
    it.each([
      ['unknown full id', 'b2b:nope'],
      ['unknown framework', 'zzz:research'],
      ['trailing colon', 'b2b:'],
      ['leading colon', ':research'],
      ['lone colon', ':'],
      ['extra segment', 'b2b:research:x'],
      ['wrong case', 'B2B:Research'],
      ['phase name as id', 'b2b:awareness'],
    ])('%s (%s) with param "stage" and allowed = active ids', (_, value) => {
      const e = inputError(() => resolveStage(defaults, value));
      expect(e.param).toBe('stage');
      expect(e.allowed).toEqual(activeStageIds(defaults));
      expect(e.message).toContain(value.trim());
    });

    it.each([[''], ['   '], [undefined], [null], [42], [['b2b:research']]])(
      'empty or non-string %j',
      (value) => {
        const e = inputError(() => resolveStage(defaults, value));
        expect(e.param).toBe('stage');
        expect(e.allowed).toEqual(activeStageIds(defaults));
        expect(e.message).toMatch(/stage is required/);
      }
    );

    it('a retired stage, by full id or bare key', () => {
      const e = inputError(() => resolveStage(retired, 'b2b:research'));
      expect(e.param).toBe('stage');
      expect(e.allowed).not.toContain('b2b:research');
      expect(e.allowed).toContain('b2b:consideration');
      const bare = inputError(() => resolveStage(retired, 'research'));
      expect(bare.param).toBe('stage');
      expect(bare.allowed).not.toContain('b2b:research');
    });

    it('uses the param name it is given', () => {
      expect(inputError(() => resolveStage(defaults, 'nope', undefined, 'from')).param).toBe(
        'from'
      );
    });

    it.each([['both'], ['B2B'], ['b2x'], ['']])(
      'a bad audience %j with a bare key names param "audience"',
      (audience) => {
        const e = inputError(() => resolveStage(defaults, 'consideration', audience as never));
        expect(e.param).toBe('audience');
        expect(e.allowed).toEqual(['b2b', 'b2c']);
      }
    );

    // The audience is part of the same request: `stage=b2b:research&audience=both` is as
    // bad an input as `stage=research&audience=both` and must not pass silently.
    it('a bad audience is rejected with a full id too', () => {
      const e = inputError(() => resolveStage(defaults, 'b2b:research', 'both' as never));
      expect(e.param).toBe('audience');
    });
  });
});

describe('resolveStageIds', () => {
  it('resolves full ids and keeps their order (first = primary)', () => {
    expect(
      ids(resolveStageIds(defaults, ['b2c:advocacy', 'b2b:research', 'b2c:awareness']))
    ).toEqual(['b2c:advocacy', 'b2b:research', 'b2c:awareness']);
  });

  it('accepts an empty list', () => {
    expect(resolveStageIds(defaults, [])).toEqual([]);
  });

  it.each([['b2b:research'], [undefined], [null], [{ 0: 'b2b:research' }]])(
    'rejects a non-array %j',
    (value) => {
      const e = inputError(() => resolveStageIds(defaults, value));
      expect(e.param).toBe('stages');
      expect(e.allowed).toEqual(activeStageIds(defaults));
    }
  );

  it('rejects an unknown id naming its index', () => {
    const e = inputError(() => resolveStageIds(defaults, ['b2b:research', 'b2b:nope']));
    expect(e.param).toBe('stages[1]');
    expect(e.allowed).toEqual(activeStageIds(defaults));
    expect(e.message).toContain('b2b:nope');
  });

  it('rejects bare keys', () => {
    const e = inputError(() => resolveStageIds(defaults, ['research']));
    expect(e.param).toBe('stages[0]');
  });

  it('rejects non-string entries', () => {
    expect(inputError(() => resolveStageIds(defaults, ['b2b:research', 7])).param).toBe(
      'stages[1]'
    );
  });

  it('rejects duplicates naming the second occurrence', () => {
    const e = inputError(() =>
      resolveStageIds(defaults, ['b2b:research', 'b2c:awareness', 'b2b:research'])
    );
    expect(e.param).toBe('stages[2]');
    expect(e.message).toMatch(/twice/);
  });

  it('rejects retired stages', () => {
    const e = inputError(() => resolveStageIds(retired, ['b2b:research']));
    expect(e.param).toBe('stages[0]');
    expect(e.allowed).not.toContain('b2b:research');
  });

  it('errors are JourneyInputError with status 400', () => {
    const e = inputError(() => resolveStageIds(defaults, 'x'));
    expect(e).toBeInstanceOf(JourneyInputError);
    expect(e.name).toBe('JourneyInputError');
    expect(e.status).toBe(400);
  });
});
