import stage from './stage';
import tags from './tags';

export default { stage, tags };
