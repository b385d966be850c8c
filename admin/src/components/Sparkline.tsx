import * as React from 'react';
import { useTheme } from 'styled-components';

export interface SparklineProps {
  /** Requests per day, oldest first. */
  values: number[];
  /** Unmet (widened + empty) requests per day, drawn under the total in the danger colour. */
  unmet?: number[];
  /** What the chart says, for screen readers and as a tooltip. */
  label: string;
  width?: number;
  height?: number;
}

const points = (values: number[], max: number, width: number, height: number) =>
  values
    .map((v, i) => {
      const x = values.length === 1 ? width / 2 : (i / (values.length - 1)) * (width - 2) + 1;
      const y = height - 1 - (max > 0 ? (v / max) * (height - 2) : 0);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');

/**
 * A trend as a small inline SVG: no charting library, no network, the design
 * system's colours from the admin theme (primary for requests, danger for unmet).
 * `role="img"` with a label and a <title>, so it reads as one sentence.
 */
export const Sparkline = ({ values, unmet, label, width = 120, height = 28 }: SparklineProps) => {
  const theme: any = useTheme();
  const max = Math.max(0, ...values, ...(unmet ?? []));
  const titleId = React.useId();
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={titleId}
      data-testid="journey-sparkline"
    >
      <title id={titleId}>{label}</title>
      <line
        x1={0}
        x2={width}
        y1={height - 0.5}
        y2={height - 0.5}
        stroke={theme?.colors?.neutral200 ?? '#dcdce4'}
        strokeWidth={1}
      />
      {unmet ? (
        <polyline
          points={points(unmet, max, width, height)}
          fill="none"
          stroke={theme?.colors?.danger600 ?? '#d02b20'}
          strokeWidth={1.5}
        />
      ) : null}
      <polyline
        points={points(values, max, width, height)}
        fill="none"
        stroke={theme?.colors?.primary600 ?? '#4945ff'}
        strokeWidth={1.5}
      />
    </svg>
  );
};
