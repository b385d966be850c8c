import { presetStageOptions } from '../../admin/src/utils/labels';

describe('presetStageOptions (list filter chips before the taxonomy has loaded)', () => {
  test('names every preset stage by its label and framework, keyed by the taxonomy’s own ids', () => {
    const options = presetStageOptions();
    expect(options).toContainEqual({ value: 'b2b:purchase', label: 'Purchase · B2B' });
    expect(options).toContainEqual({ value: 'b2b:post-purchase', label: 'Post-Purchase · B2B' });
    expect(options).toContainEqual({ value: 'b2c:retention', label: 'Retention · B2C' });
    expect(new Set(options.map((o) => o.value)).size).toBe(options.length);
  });
});
