import stage from './stage';
import tags from './tags';
import recommend from './recommend';
import coverage from './coverage';
import settings from './settings';
import ping from './ping';

export default { stage, tags, recommend, coverage, settings, ping };
