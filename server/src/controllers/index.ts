import stage from './stage';
import tags from './tags';
import recommend from './recommend';
import coverage from './coverage';
import settings from './settings';
import preview from './preview';

export default { stage, tags, recommend, coverage, settings, preview };
