import stage from './stage';
import tags from './tags';
import recommend from './recommend';

export default { stage, tags, recommend };
