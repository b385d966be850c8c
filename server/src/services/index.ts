import taxonomy from './taxonomy';
import tags from './tags';
import recommend from './recommend';
import coverage from './coverage';
import settings from './settings';
import visitor from './visitor';
import signalRules from './signal-rules';

export default { taxonomy, tags, recommend, coverage, settings, visitor, 'signal-rules': signalRules };
