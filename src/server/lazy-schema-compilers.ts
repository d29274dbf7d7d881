import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

/**
 * Fastify's own validator and serializer compilers, applied to a route's schema on the
 * route's first request instead of at start-up. Compiling all ~250 routes' schemas up front
 * costs about 2.5 s of every start (every test file's server too); most routes of one
 * process never see a request. A schema that cannot compile fails its route's first request
 * with a 500; `test/http/schemas-compile.test.ts` compiles them all eagerly to catch that.
 */
type Validate = ((data: unknown) => unknown) & { errors?: unknown };
type Factory = (externalSchemas: unknown, options: unknown) => (route: unknown) => (data: unknown) => unknown;

function lazyValidator(build: () => Validate): Validate {
  let compiled: Validate | undefined;
  const validate: Validate = (data) => {
    compiled ??= build();
    const result = compiled(data);
    // Fastify reads a failed validation's reasons from the function it was given.
    validate.errors = compiled.errors;
    return result;
  };
  return validate;
}

function lazySerializer(build: () => (doc: unknown) => string): (doc: unknown) => string {
  let compiled: ((doc: unknown) => string) | undefined;
  return (doc) => (compiled ??= build())(doc);
}

const validators = AjvCompiler() as unknown as Factory;
const serializers = SerializerSelector() as unknown as Factory;

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

// The Ajv instance (its meta-schemas compiled, formats and keywords added, the shared schemas added) is made at the
// first route's first request too, not when Fastify sets a plugin's compiler up at start (about 0.1 s of CPU).
export const lazySchemaCompilers = {
  buildValidator(externalSchemas: unknown, options: unknown) {
    let compile: ReturnType<Factory> | undefined;
    return (route: unknown) =>
      lazyValidator(() => (compile ??= validators(externalSchemas, options))(route) as Validate);
  },
  buildSerializer(externalSchemas: unknown, options: unknown) {
    let compile: ReturnType<Factory> | undefined;
    return (route: unknown) =>
      lazySerializer(() => (compile ??= serializers(externalSchemas, options))(route) as (doc: unknown) => string);
  },
} as unknown as CompilersFactory;
