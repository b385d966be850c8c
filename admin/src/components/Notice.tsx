import * as React from 'react';
import { Alert, type AlertProps } from '@strapi/design-system';
import { useIntl } from 'react-intl';

/** A design-system Alert its reader can dismiss. */
export const Notice = ({ children, ...props }: Omit<AlertProps, 'closeLabel' | 'onClose'>) => {
  const { formatMessage } = useIntl();
  const [open, setOpen] = React.useState(true);
  if (!open) return null;
  return (
    <Alert
      closeLabel={formatMessage({ id: 'global.close', defaultMessage: 'Close' })}
      onClose={() => setOpen(false)}
      {...props}
    >
      {children}
    </Alert>
  );
};
