import * as React from 'react';
import { useTheme } from 'styled-components';

/** Shares of exact / widened / empty answers as one stacked bar (success, warning, danger). */
export const OutcomeBar = ({
  exact,
  widened,
  empty,
  label,
}: {
  exact: number;
  widened: number;
  empty: number;
  label: string;
}) => {
  const theme: any = useTheme();
  const total = exact + widened + empty;
  const width = 120;
  let x = 0;
  const parts = [
    { n: exact, color: theme?.colors?.success500 ?? '#5cb176' },
    { n: widened, color: theme?.colors?.warning500 ?? '#f29d41' },
    { n: empty, color: theme?.colors?.danger500 ?? '#ee5e52' },
  ];
  return (
    <svg width={width} height={10} viewBox={`0 0 ${width} 10`} role="img" aria-label={label}>
      <title>{label}</title>
      <rect
        x={0}
        y={0}
        width={width}
        height={10}
        rx={2}
        fill={theme?.colors?.neutral150 ?? '#eaeaef'}
      />
      {total > 0
        ? parts.map((p, i) => {
            const w = (p.n / total) * width;
            const rect = <rect key={i} x={x} y={0} width={w} height={10} fill={p.color} />;
            x += w;
            return rect;
          })
        : null}
    </svg>
  );
};
