import taxonomy from './taxonomy';
import tags from './tags';

export default { taxonomy, tags };
