/**
 * Validates values against the schemas of docs/openapi.json (OpenAPI 3.0) with Ajv, the
 * maintained JSON Schema validator, instead of a hand-written one. Strict mode refuses a
 * keyword Ajv does not know, so the document cannot grow a constraint the tests silently
 * ignore; OpenAPI's own annotations (`example`) are declared as such. `nullable` is Ajv's
 * built-in OpenAPI keyword.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Schema = Record<string, any>;
const DOC_ID = 'openapi.json';

/** `#/components/…` in a schema taken out of the document → the document's registered copy. */
const anchored = (schema: Schema): Schema =>
  JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, `"${DOC_ID}#/components/`));

export const openApiValidator = (doc: { components: Schema }) => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addVocabulary(['example', 'components']);
  addFormats(ajv, ['date-time']);
  ajv.addSchema({ $id: DOC_ID, components: doc.components });
  const compiled = new WeakMap<Schema, ValidateFunction>();

  /** The violations, each `<JSON pointer> <message>`; [] means valid. Throws on a schema Ajv refuses. */
  return (schema: Schema, value: unknown): string[] => {
    let check = compiled.get(schema);
    if (!check) {
      check = ajv.compile(anchored(schema));
      compiled.set(schema, check);
    }
    if (check(value)) return [];
    return (check.errors ?? []).map(
      (e) =>
        `${e.instancePath || '/'} ${e.message}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}${e.params && 'additionalProperty' in e.params ? ` "${e.params.additionalProperty}"` : ''}`
    );
  };
};
