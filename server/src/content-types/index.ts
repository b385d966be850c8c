import stageSchema from './stage/schema.json';

export default {
  stage: { schema: stageSchema },
};
