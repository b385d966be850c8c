import stageSchema from './stage/schema.json';
import demandDaySchema from './demand-day/schema.json';
import eventDaySchema from './event-day/schema.json';
import progressDaySchema from './progress-day/schema.json';
import stageMoveSchema from './stage-move/schema.json';
import experimentDaySchema from './experiment-day/schema.json';

export default {
  stage: { schema: stageSchema },
  'demand-day': { schema: demandDaySchema },
  'event-day': { schema: eventDaySchema },
  'progress-day': { schema: progressDaySchema },
  'stage-move': { schema: stageMoveSchema },
  'experiment-day': { schema: experimentDaySchema },
};
