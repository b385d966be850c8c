import * as React from 'react';
import { useNotification } from '@strapi/strapi/admin';
import {
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';
import {
  useUpdateTypeTargetsMutation,
  type SettingsStage,
  type SettingsType,
  type TypeTargetEdits,
} from '../api';
import { NOT_APPLICABLE, type TypeTarget } from '../../../plugin/src/targets';
import { getTrad } from '../utils/getTrad';
import { errorText } from '../utils/errors';
import { phaseLabel, stageText } from '../utils/labels';

/** One type's cells as the form holds them: a number, empty (the stage's target) or not applicable. */
type Cell = { value: number | undefined; notApplicable: boolean };
type Drafts = Record<string, Record<string, Cell>>;

const cellOf = (t: TypeTarget | undefined): Cell =>
  t === NOT_APPLICABLE
    ? { value: undefined, notApplicable: true }
    : { value: t, notApplicable: false };

const validTarget = (v: number | undefined) =>
  v === undefined || (Number.isInteger(v) && v >= 0 && v <= 100000);

/** What changed, in the shape PUT /journey/settings `targets` takes (null: back to the stage's target). */
export const typeTargetEdits = (types: SettingsType[], drafts: Drafts): TypeTargetEdits => {
  const out: TypeTargetEdits = {};
  for (const type of types) {
    const draft = drafts[type.uid];
    if (!draft) continue;
    for (const [stage, cell] of Object.entries(draft)) {
      const now = type.targets[stage];
      const next: TypeTarget | null = cell.notApplicable ? NOT_APPLICABLE : (cell.value ?? null);
      if (next === (now ?? null)) continue;
      (out[type.uid] ??= {})[stage] = next;
    }
  }
  return out;
};

/**
 * Settings page: per content type, a target other than the stage's, or "Not
 * applicable" (never a gap on the coverage page, never proposed by Write next).
 */
export const TypeTargets = ({
  types,
  stages,
  canManage,
}: {
  types: SettingsType[];
  stages: SettingsStage[];
  canManage: boolean;
}) => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const [update, { isLoading }] = useUpdateTypeTargetsMutation();
  const sorted = [...types].sort((a, b) => a.displayName.localeCompare(b.displayName));
  const [uid, setUid] = React.useState<string | undefined>(sorted[0]?.uid);
  const [drafts, setDrafts] = React.useState<Drafts>({});
  const type = sorted.find((t) => t.uid === uid);
  const edits = typeTargetEdits(types, drafts);
  const changed = Object.values(edits).reduce((n, e) => n + Object.keys(e).length, 0);
  const invalid = Object.values(drafts).some((d) =>
    Object.values(d).some((c) => !c.notApplicable && !validTarget(c.value))
  );

  const cell = (stage: string): Cell => drafts[uid ?? '']?.[stage] ?? cellOf(type?.targets[stage]);
  const setCell = (stage: string, next: Cell) =>
    uid && setDrafts((prev) => ({ ...prev, [uid]: { ...prev[uid], [stage]: next } }));

  const save = async () => {
    try {
      await update(edits).unwrap();
      setDrafts({});
      toggleNotification({
        type: 'success',
        message: formatMessage(
          {
            id: getTrad('settings.typeTargets.saved'),
            defaultMessage:
              '{count, plural, one {# target} other {# targets}} per content type saved',
          },
          { count: changed }
        ),
      });
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorText(e, 'Error') });
    }
  };

  if (sorted.length === 0) return null;
  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="filterShadow"
      padding={6}
      data-testid="journey-type-targets"
    >
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4} wrap="wrap">
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="delta" tag="h2">
            {formatMessage({
              id: getTrad('settings.typeTargets.title'),
              defaultMessage: 'Targets per content type',
            })}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {formatMessage({
              id: getTrad('settings.typeTargets.hint'),
              defaultMessage:
                'A content type may need more or fewer entries at a stage than the stage’s target. “Not applicable” means the team never writes this type for that stage: the coverage page does not count it as a gap and Write next never proposes it.',
            })}
          </Typography>
        </Flex>
        {canManage ? (
          <Button onClick={save} loading={isLoading} disabled={changed === 0 || invalid}>
            {formatMessage(
              {
                id: getTrad('settings.typeTargets.save'),
                defaultMessage:
                  'Update targets{count, plural, =0 {} one { (# change)} other { (# changes)}}',
              },
              { count: changed }
            )}
          </Button>
        ) : null}
      </Flex>
      <Box paddingTop={4} maxWidth="32rem">
        <Field.Root name="journey-type-targets-type">
          <Field.Label>
            {formatMessage({
              id: getTrad('settings.typeTargets.type'),
              defaultMessage: 'Content type',
            })}
          </Field.Label>
          <SingleSelect value={uid} onChange={(v) => setUid(String(v))}>
            {sorted.map((t) => (
              <SingleSelectOption key={t.uid} value={t.uid}>
                {t.displayName}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      </Box>
      {type ? (
        <Box paddingTop={4}>
          {stages.map((s) => {
            const c = cell(s.id);
            const fromConfig = type.targets[s.id] !== undefined && !type.edited.includes(s.id);
            return (
              <Flex
                key={s.id}
                gap={4}
                paddingTop={2}
                paddingBottom={2}
                wrap="wrap"
                data-stage={s.id}
              >
                <Box minWidth="16rem">
                  <Typography fontWeight="semiBold">{stageText(s)}</Typography>
                  <Typography variant="pi" textColor="neutral600" tag="p">
                    {phaseLabel(formatMessage, s.phase)}
                  </Typography>
                </Box>
                <Box width="12rem">
                  <Field.Root
                    name={`${s.id}.typeTarget`}
                    error={
                      !c.notApplicable && !validTarget(c.value)
                        ? formatMessage({
                            id: getTrad('settings.error.target'),
                            defaultMessage: 'A whole number from 0 to 100000',
                          })
                        : undefined
                    }
                    hint={formatMessage(
                      {
                        id: getTrad('settings.typeTargets.default'),
                        defaultMessage:
                          'empty: the stage’s target ({target}){config, select, true { · set in config} other {}}',
                      },
                      { target: s.target, config: String(fromConfig) }
                    )}
                  >
                    <Field.Label>
                      {formatMessage(
                        {
                          id: getTrad('settings.typeTargets.target'),
                          defaultMessage: 'Target for {type}',
                        },
                        { type: type.displayName }
                      )}
                    </Field.Label>
                    <NumberInput
                      value={c.notApplicable ? undefined : c.value}
                      placeholder={String(s.target)}
                      disabled={!canManage || c.notApplicable}
                      step={1}
                      onValueChange={(v) => setCell(s.id, { ...c, value: v })}
                    />
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                </Box>
                <Checkbox
                  checked={c.notApplicable}
                  disabled={!canManage}
                  onCheckedChange={(v: boolean | 'indeterminate') =>
                    setCell(s.id, { ...c, notApplicable: v === true })
                  }
                >
                  {formatMessage({
                    id: getTrad('settings.typeTargets.notApplicable'),
                    defaultMessage: 'Not applicable',
                  })}
                </Checkbox>
              </Flex>
            );
          })}
        </Box>
      ) : null}
    </Box>
  );
};
