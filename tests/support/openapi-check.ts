import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type Json = Record<string, any>;

/**
 * Validates API responses against the served OpenAPI document: finds the operation by method and path
 * template, then the schema of the response's status code.
 */
export class OpenApiChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  constructor(private readonly doc: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi', components: doc.components });
  }

  private operation(method: string, path: string): Json {
    const clean = path.split('?')[0]!;
    for (const [template, item] of Object.entries(this.doc.paths as Json)) {
      const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      if (re.test(clean) && item[method.toLowerCase()]) return item[method.toLowerCase()];
    }
    throw new Error(`no operation for ${method} ${clean} in the OpenAPI document`);
  }

  /** Throws with ajv's errors when the body does not match; returns the operation id. */
  check(method: string, path: string, status: number, body: unknown): string {
    const op = this.operation(method, path);
    const response = op.responses[String(status)];
    if (!response) throw new Error(`${method} ${path}: status ${status} is not documented`);
    const schema = response.content?.['application/json']?.schema;
    if (!schema) {
      if (body !== undefined && body !== '') throw new Error(`${method} ${path} ${status}: documented without body but got one`);
      return op.operationId;
    }
    const rewritten = JSON.parse(JSON.stringify(schema).replace(/"#\/components/g, '"openapi#/components'));
    const validate = this.ajv.compile(rewritten);
    if (!validate(body)) throw new Error(`${method} ${path} ${status} does not match the OpenAPI document: ${this.ajv.errorsText(validate.errors)}`);
    return op.operationId;
  }
}
