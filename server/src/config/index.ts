import { validateConfig } from '../../../plugin/src';

export default {
  default: {},
  /**
   * Strapi calls this while loading plugins; a throw stops boot. The message names
   * the key and the allowed values (see plugin/src/config.ts).
   */
  validator(config: unknown) {
    try {
      validateConfig(config);
    } catch (error) {
      if ((error as Error)?.name === 'JourneyInputError') throw new Error((error as Error).message);
      throw error;
    }
  },
};
