import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { InputError } from '@backstage/errors';
import express from 'express';
import request from 'supertest';
import { createSafeErrorHandler } from './createSafeErrorHandler';
import {
  requestBodyErrorHandler,
  toRequestBodyError,
} from './requestBodyErrorHandler';

const SECRET = 'hunter2-do-not-echo';

/** An app as Backstage builds one, with body parsers of known limits. */
function app(options: { showStackTraces: boolean }) {
  const application = express();
  application.post('/small', express.json({ limit: '1kb' }), (req, res) => {
    res.json({ got: req.body });
  });
  application.post(
    '/points',
    express.json({ limit: '16kb' }),
    requestBodyErrorHandler({ tooLargeHint: 'send at most 100 points' }),
    (req: express.Request, res: express.Response) => {
      res.json({ got: req.body });
    },
  );
  application.post(
    '/form',
    express.urlencoded({ extended: false, parameterLimit: 2 }),
    (req, res) => {
      res.json({ got: req.body });
    },
  );
  application.get('/boom', () => {
    throw new Error('boom');
  });
  // As Backstage's OpenAPI routers (catalog, scaffolder) are built: every
  // error of their body parser becomes InputError(error.message).
  const openApi = express.Router();
  openApi.use(express.json({ limit: '1kb' }));
  openApi.use(
    (
      error: Error,
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => next(new InputError(error.message)),
  );
  openApi.post('/echo', (req, res) => {
    res.json({ got: req.body });
  });
  openApi.post('/refuse', () => {
    throw new InputError('field "JSON" is not allowed');
  });
  openApi.get('/query', () => {
    throw new InputError('Unexpected token in JSON at position 3');
  });
  application.use('/openapi', openApi);
  const middleware = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });
  application.use(createSafeErrorHandler(middleware, options));
  return application;
}

const json = (text: string) => ({ 'content-type': 'application/json', text });

async function post(
  application: express.Express,
  path: string,
  body: { 'content-type': string; text: string },
  headers: Record<string, string> = {},
) {
  return request(application)
    .post(path)
    .set('content-type', body['content-type'])
    .set(headers)
    .send(body.text);
}

describe('createSafeErrorHandler', () => {
  const production = app({ showStackTraces: false });

  it('answers invalid JSON with one message, without the body', async () => {
    const res = await post(production, '/small', json(`{"token": "${SECRET}`));
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      name: 'InputError',
      message: 'the request body is not valid JSON',
    });
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toContain('hunter2');
  });

  it('answers a non-object JSON body (strict mode) the same way', async () => {
    const res = await post(production, '/small', json(`"${SECRET}"`));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('the request body is not valid JSON');
    expect(res.text).not.toContain(SECRET);
  });

  it('names the limit of the route that refused a body', async () => {
    const big = JSON.stringify({ token: SECRET, pad: 'x'.repeat(2000) });
    const res = await post(production, '/small', json(big));
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({
      name: 'PayloadTooLargeError',
      message: 'the request body is over the limit of 1 kB',
    });
    expect(res.body.response).toEqual({ statusCode: 413 });
    expect(res.text).not.toContain(SECRET);
  });

  it("adds a route's hint where that route's parser refused the body", async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(17 * 1024) });
    const res = await post(production, '/points', json(big));
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe(
      'the request body is over the limit of 16 kB; send at most 100 points',
    );
  });

  it('answers too many form parameters with 413, without the body', async () => {
    const res = await post(production, '/form', {
      'content-type': 'application/x-www-form-urlencoded',
      text: `a=1&b=2&c=${SECRET}`,
    });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe(
      'the request body has too many form parameters',
    );
    expect(res.text).not.toContain(SECRET);
  });

  it('answers an unsupported charset or encoding with 415', async () => {
    const charset = await post(production, '/small', {
      'content-type': 'application/json; charset=klingon',
      text: '{}',
    });
    expect(charset.status).toBe(415);
    expect(charset.body.error.message).toBe(
      "the request body's charset is not supported; send UTF-8",
    );
    expect(charset.text).not.toContain('klingon');

    const encoding = await post(production, '/small', json('{}'), {
      'content-encoding': 'x-secret-zip',
    });
    expect(encoding.status).toBe(415);
    expect(encoding.body.error.message).toBe(
      "the request body's Content-Encoding is not supported",
    );
    expect(encoding.text).not.toContain('x-secret-zip');
  });

  it('shows no stack trace when told not to', async () => {
    const res = await request(production).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({ name: 'Error', message: 'boom' });
    expect(res.text).not.toContain(__dirname);
  });

  it('shows stack traces when told to, still without the body', async () => {
    const development = app({ showStackTraces: true });
    const boom = await request(development).get('/boom');
    expect(boom.body.error.stack).toContain(__filename);

    const bad = await post(development, '/small', json(`{"t": "${SECRET}`));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('the request body is not valid JSON');
    expect(bad.text).not.toContain(SECRET);
  });
});

describe('createSafeErrorHandler behind an OpenAPI router', () => {
  const production = app({ showStackTraces: false });

  it('knows invalid JSON by its message, and says it without the body', async () => {
    const res = await post(
      production,
      '/openapi/echo',
      json(`{"token": ${SECRET}}`),
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      name: 'InputError',
      message: 'the request body is not valid JSON',
    });
    expect(res.text).not.toContain('hunter2');
  });

  it("answers a body over the limit with 413, naming no size it can't know", async () => {
    const res = await post(
      production,
      '/openapi/echo',
      json(JSON.stringify({ pad: 'x'.repeat(2048) })),
    );
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({
      name: 'PayloadTooLargeError',
      message: "the request body is over this route's size limit",
    });
  });

  it('leaves input errors of a parsed body alone, even ones saying JSON', async () => {
    const res = await post(production, '/openapi/refuse', json('{}'));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('field "JSON" is not allowed');
  });

  it('leaves input errors of requests without a body alone', async () => {
    const res = await request(production).get('/openapi/query');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Unexpected token in JSON at position 3',
    );
  });
});

describe('toRequestBodyError', () => {
  it('leaves errors body-parser did not raise alone', () => {
    expect(toRequestBodyError(new Error('x'))).toBeUndefined();
    expect(toRequestBodyError('x')).toBeUndefined();
    expect(
      toRequestBodyError(Object.assign(new Error('x'), { type: 'other' })),
    ).toBeUndefined();
  });

  it('says "this route\'s size limit" when the limit is unknown', () => {
    const error = Object.assign(new Error('request entity too large'), {
      type: 'entity.too.large',
    });
    expect(toRequestBodyError(error)?.message).toBe(
      "the request body is over this route's size limit",
    );
  });
});
