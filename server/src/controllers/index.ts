import stage from './stage';
import tags from './tags';
import recommend from './recommend';
import coverage from './coverage';
import settings from './settings';
import visitor from './visitor';
import signalRules from './signal-rules';

export default { stage, tags, recommend, coverage, settings, visitor, 'signal-rules': signalRules };
