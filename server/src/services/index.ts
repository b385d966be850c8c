import taxonomy from './taxonomy';
import tags from './tags';
import recommend from './recommend';
import coverage from './coverage';
import settings from './settings';
import demand from './demand';
import demandReport from './demand-report';
import events from './events';

export default { taxonomy, tags, recommend, coverage, settings, demand, demandReport, events };
