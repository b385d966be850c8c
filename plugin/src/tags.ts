/** An entry version's journey tags: the type inferred from the tag API's answer (a type import: no schema code in the bundle). */
export type { Tags } from './contracts/tags';
