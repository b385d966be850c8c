import taxonomy from './taxonomy';
import tags from './tags';
import recommend from './recommend';

export default { taxonomy, tags, recommend };
