import { registerCoverageWidget } from '../../admin/src/widget';
import { JOURNEY_PERMISSIONS } from '../src/rbac';

describe('registerCoverageWidget', () => {
  let info: jest.SpyInstance;
  beforeEach(() => {
    info = jest.spyOn(console, 'info').mockImplementation(() => {});
  });
  afterEach(() => info.mockRestore());

  test('registers the widget for roles that may read coverage, linking to the coverage page', () => {
    const register = jest.fn();
    expect(registerCoverageWidget({ widgets: { register } })).toBe(true);
    expect(register).toHaveBeenCalledTimes(1);
    const widget = register.mock.calls[0][0];
    expect(widget).toMatchObject({
      id: 'coverage',
      pluginId: 'journey',
      permissions: JOURNEY_PERMISSIONS.coverage,
      link: { href: '/plugins/journey' },
      title: { id: 'journey.widget.title' },
    });
    expect(widget.icon).toBeTruthy(); // Strapi rejects a widget without an icon
    expect(typeof widget.component).toBe('function');
    expect(info).not.toHaveBeenCalled();
  });

  test('on a Strapi without the widgets API it is skipped with one console line, not thrown', () => {
    expect(registerCoverageWidget({})).toBe(false);
    expect(registerCoverageWidget({ widgets: {} })).toBe(false);
    expect(info).toHaveBeenCalledTimes(2); // once per admin start, which calls register once
    expect(info.mock.calls[0][0]).toContain('widget is skipped');
  });
});
