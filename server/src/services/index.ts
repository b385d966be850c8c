import taxonomy from './taxonomy';
import tags from './tags';
import recommend from './recommend';
import coverage from './coverage';
import settings from './settings';
import tagAccess from './tag-access';
import preview from './preview';

export default { taxonomy, tags, recommend, coverage, settings, 'tag-access': tagAccess, preview };
