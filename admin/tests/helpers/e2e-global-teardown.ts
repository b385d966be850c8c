/** Removes the run's demo template (e2e-global-setup.ts). */
import fs from 'fs';

export default async () => {
  const template = process.env.JOURNEY_E2E_TEMPLATE;
  if (!template) return;
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    fs.rmSync(template + suffix, { force: true });
};
