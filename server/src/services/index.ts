import taxonomy from './taxonomy';
import tags from './tags';
import recommend from './recommend';
import coverage from './coverage';
import settings from './settings';
import tagAccess from './tag-access';
import preview from './preview';
import demand from './demand';
import demandReport from './demand-report';
import events from './events';
import visitor from './visitor';
import signalRules from './signal-rules';
import suggest from './suggest';
import responseCache from './response-cache';
import coverageCounts from './coverage-counts';
import countCheck from './count-check';
import stageMoves from './stage-moves';
import experiments from './experiments';
import experimentCounts from './experiment-counts';
import entryCache from './entry-cache';
import candidateCache from './candidate-cache';

export default {
  taxonomy,
  tags,
  recommend,
  coverage,
  settings,
  'tag-access': tagAccess,
  demand,
  demandReport,
  events,
  visitor,
  'signal-rules': signalRules,
  suggest,
  'response-cache': responseCache,
  'coverage-counts': coverageCounts,
  'count-check': countCheck,
  'stage-moves': stageMoves,
  experiments,
  'experiment-counts': experimentCounts,
  'entry-cache': entryCache,
  'candidate-cache': candidateCache,
  preview,
};
