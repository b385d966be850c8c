import stage from './stage';
import tags from './tags';
import recommend from './recommend';
import coverage from './coverage';
import settings from './settings';
import preview from './preview';
import demand from './demand';
import events from './events';
import visitor from './visitor';
import signalRules from './signal-rules';
import suggest from './suggest';
import ping from './ping';
import experiments from './experiments';

export default {
  stage,
  tags,
  recommend,
  coverage,
  settings,
  demand,
  events,
  visitor,
  'signal-rules': signalRules,
  suggest,
  ping,
  experiments,
  preview,
};
