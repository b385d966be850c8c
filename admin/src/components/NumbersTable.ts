import { styled } from 'styled-components';

/** A plain table of figures (the demand table, an experiment's arms): labels left, numbers right. */
export const NumbersTable = styled.table`
  width: 100%;
  border-collapse: collapse;
  background: ${({ theme }) => theme.colors.neutral0};
  th,
  td {
    padding: ${({ theme }) => `${theme.spaces[2]} ${theme.spaces[3]}`};
    border-bottom: 1px solid ${({ theme }) => theme.colors.neutral150};
    text-align: right;
    white-space: nowrap;
  }
  th:first-child,
  td:first-child {
    text-align: left;
  }
  thead th {
    background: ${({ theme }) => theme.colors.neutral100};
  }
`;
